import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyScenario, RunOptions, RunResult, SimFs } from '../sim/index.js';
import { fillPendingHeavyDisk } from './exhaustive.js';

/**
 * One measurement of the `baseline` bench section, in a process of its own: the CPU time per unit
 * of work of one checkout of crashsim (`TREE`), after a warm-up. Separate processes keep the two
 * trees from sharing a heap, a JIT profile and a garbage collector, which in one process made
 * whichever tree ran second pay for the first; CPU time, unlike wall-clock time, is barely
 * stretched by the other processes of a shared machine.
 *
 * Usage: tsx bench/cpu-child.ts TREE scenario NAME WARMUP COUNT
 *        tsx bench/cpu-child.ts TREE crashStates - WARMUP COUNT
 * Prints one JSON line: { cpuMsPerUnit, units }.
 */

interface TreeModules {
  readonly runScenario: (scenario: AnyScenario, options: RunOptions) => Promise<RunResult>;
  readonly SimFs: new () => SimFs;
  readonly findScenario: (name: string) => AnyScenario | undefined;
}

async function loadTree(dir: string): Promise<TreeModules> {
  const url = (path: string): string => pathToFileURL(resolve(dir, path)).href;
  const sim = (await import(url('sim/index.ts'))) as Pick<TreeModules, 'runScenario' | 'SimFs'>;
  const scenarios = (await import(url('scenarios/index.ts'))) as Pick<TreeModules, 'findScenario'>;
  return { runScenario: sim.runScenario, SimFs: sim.SimFs, findScenario: scenarios.findScenario };
}

/** Runs `unit` `count` times and returns the CPU milliseconds (every thread) each took on average. */
async function cpuMsPerUnit(count: number, unit: (index: number) => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  for (let index = 0; index < count; index++) await unit(index);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / count;
}

async function main(): Promise<void> {
  const [dir = '.', kind = 'scenario', name = 'blob', warmupText = '100', countText = '300'] = process.argv.slice(2);
  const tree = await loadTree(dir);
  const warmup = Number(warmupText);
  const count = Number(countText);
  let unit: (index: number) => Promise<unknown>;
  if (kind === 'crashStates') {
    const { disk } = await fillPendingHeavyDisk(new tree.SimFs());
    unit = async () => disk.crashStates({ profile: 'posix', maxStates: 256 });
  } else {
    const scenario = tree.findScenario(name);
    if (scenario === undefined) {
      process.stderr.write(`${dir} has no scenario ${name}\n`);
      process.exit(3);
    }
    // Warm-up and timed runs take distinct seeds; both trees run the very same ones.
    unit = (index) => tree.runScenario(scenario, { seed: index + 1 });
  }
  await cpuMsPerUnit(warmup, (index) => unit(index + 1_000_000));
  process.stdout.write(`${JSON.stringify({ cpuMsPerUnit: await cpuMsPerUnit(count, unit), units: count })}\n`);
}

await main();
