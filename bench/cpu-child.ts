import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { AnyScenario, CrashProfile, RunInputs, RunOptions, RunResult, SimFs } from '../sim/index.js';
import { fillPendingHeavyDisk } from './exhaustive.js';

/**
 * The CPU time per unit of work of one checkout of crashsim (`TREE`), after a warm-up, in a
 * process of its own: two trees measured in one process would share a heap, a JIT profile and a
 * garbage collector, and whichever ran second would pay for the first.
 *
 * Usage: tsx bench/cpu-child.ts TREE scenario NAME WARMUP COUNT      (unit: a random-crash run)
 *        tsx bench/cpu-child.ts TREE exhaustive NAME WARMUP COUNT    (unit: a crash state checked)
 *        tsx bench/cpu-child.ts TREE crashStates PROFILE WARMUP COUNT (unit: a state enumerated)
 *        tsx bench/cpu-child.ts TREE node-fs STORE WARMUP COUNT      (unit: an atomic-file run of a node-fs bench store)
 * STORE is one of the node-fs bench's stores (bench/node-fs.ts): write-file-atomic or reference
 * through interposition, or their ports to the FileSystem interface (`write-file-atomic-port`,
 * `reference-port`).
 * COUNT is the number of calls (runs, or crashStates() calls); a call may do several units.
 * Prints one JSON line: { cpuMsPerUnit, units }. A measurement by hand; pin it to one CPU
 * (`taskset -c 1`) on a VM whose CPUs differ.
 *
 * With COUNT `serve` (how the `baseline` bench section uses it, see bench/paired-trees.ts), the
 * child warms up, times WARMUP more calls, prints `ready` and their CPU ms per call, then reads
 * batch sizes from stdin, one per line, and answers each with that JSON line for the next batch
 * of seeds.
 */

interface TreeModules {
  readonly runScenario: (scenario: AnyScenario, options: RunOptions, inputs?: RunInputs) => Promise<RunResult>;
  readonly SimFs: new () => SimFs;
  readonly findScenario: (name: string) => AnyScenario | undefined;
}

const treeUrl = (dir: string, path: string): string => pathToFileURL(resolve(dir, path)).href;

async function loadTree(dir: string): Promise<TreeModules> {
  const url = (path: string): string => treeUrl(dir, path);
  const sim = (await import(url('sim/index.ts'))) as Pick<TreeModules, 'runScenario' | 'SimFs'>;
  const scenarios = (await import(url('scenarios/index.ts'))) as Pick<TreeModules, 'findScenario'>;
  return { runScenario: sim.runScenario, SimFs: sim.SimFs, findScenario: scenarios.findScenario };
}

/** As the exhaustive bench section explores each run's crash states. */
const EXHAUSTIVE_MAX_STATES = 64;

/** Makes `count` calls of `call` (each doing some units of work) and returns the CPU milliseconds (every thread) per unit, and the units. */
async function cpuMsPerUnit(count: number, call: (index: number) => Promise<number>): Promise<{ cpuMsPerUnit: number; units: number }> {
  const before = process.cpuUsage();
  let units = 0;
  for (let index = 0; index < count; index++) units += await call(index);
  const used = process.cpuUsage(before);
  return { cpuMsPerUnit: (used.user + used.system) / 1000 / Math.max(units, 1), units };
}

type SystemFactoryOf = NonNullable<RunInputs['impl']>;

/** A store of the node-fs bench, as the tree in `dir` builds it; exits 3 for a name it does not know. */
async function nodeFsStore(dir: string, name: string): Promise<SystemFactoryOf | undefined> {
  if (name === 'reference') return undefined;
  if (name === 'write-file-atomic-port' || name === 'reference-port') {
    const ports = (await import(treeUrl(dir, 'bench/node-fs-ports.ts'))) as Record<string, SystemFactoryOf>;
    const port = ports[name === 'reference-port' ? 'referencePort' : 'writeFileAtomicPort'];
    if (port !== undefined) return port;
  } else if (name === 'write-file-atomic') {
    const sim = (await import(treeUrl(dir, 'sim/index.ts'))) as { nodeModuleFactory: (module: string, contract: unknown) => SystemFactoryOf };
    const atomicFile = (await import(treeUrl(dir, 'scenarios/atomic-file/index.ts'))) as { ATOMIC_FILE_CONTRACT: unknown };
    return sim.nodeModuleFactory(resolve(dir, 'bench/write-file-atomic.cjs'), atomicFile.ATOMIC_FILE_CONTRACT);
  }
  process.stderr.write(`the tree has no node-fs store ${name}\n`);
  process.exit(3);
}

function callOf(tree: TreeModules, kind: string, name: string, dir: string): ((index: number) => Promise<number>) | Promise<(index: number) => Promise<number>> {
  if (kind === 'node-fs') {
    const scenario = tree.findScenario('atomic-file');
    if (scenario === undefined) throw new Error('the tree has no atomic-file scenario');
    return nodeFsStore(dir, name).then((impl) => async (index) => {
      await tree.runScenario(scenario, { seed: index + 1 }, impl === undefined ? {} : { impl });
      return 1;
    });
  }
  if (kind === 'crashStates') {
    const profile = name as CrashProfile;
    return fillPendingHeavyDisk(new tree.SimFs()).then(({ disk }) => async () => disk.crashStates({ profile, maxStates: 256 }).states.length);
  }
  const scenario = tree.findScenario(name);
  if (scenario === undefined) {
    process.stderr.write(`the tree has no scenario ${name}\n`);
    process.exit(3);
  }
  // Both trees run the very same seeds.
  if (kind === 'exhaustive') return async (index) => (await tree.runScenario(scenario, { seed: index + 1, exploration: 'exhaustive', maxStates: EXHAUSTIVE_MAX_STATES })).statesChecked;
  return async (index) => {
    await tree.runScenario(scenario, { seed: index + 1 });
    return 1;
  };
}

async function main(): Promise<void> {
  const [dir = '.', kind = 'scenario', name = 'blob', warmupText = '100', countText = '300'] = process.argv.slice(2);
  const tree = await loadTree(dir);
  const call = await callOf(tree, kind, name, dir);
  // Warm-up calls take seeds the timed ones do not.
  const warmupCalls = Number(warmupText);
  await cpuMsPerUnit(warmupCalls, (index) => call(index + 1_000_000));
  if (countText !== 'serve') {
    process.stdout.write(`${JSON.stringify(await cpuMsPerUnit(Number(countText), call))}\n`);
    return;
  }
  // Timed once warm, on seeds of its own: the batch size must not count the JIT's first work.
  const calibrationCalls = Math.max(warmupCalls, 1);
  const calibration = await cpuMsPerUnit(calibrationCalls, (index) => call(index + 2_000_000));
  await serveBatches(call, (calibration.cpuMsPerUnit * calibration.units) / calibrationCalls);
}

/**
 * Says `ready` with the CPU ms per call measured warm (a call may do several units), then answers
 * each batch size (a number of calls) read from stdin with the CPU per unit of that many calls.
 */
async function serveBatches(call: (index: number) => Promise<number>, warmCpuMsPerCall: number): Promise<void> {
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  process.stdout.write(`ready ${String(warmCpuMsPerCall)}\n`);
  let nextSeed = 0;
  for (let line = await lines.next(); line.done !== true; line = await lines.next()) {
    const size = Number(line.value);
    const first = nextSeed;
    nextSeed += size;
    process.stdout.write(`${JSON.stringify(await cpuMsPerUnit(size, (index) => call(first + index)))}\n`);
  }
}

await main();
