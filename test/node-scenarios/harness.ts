import { fileURLToPath } from 'node:url';
import { findScenario } from '../../scenarios/index.js';
import { nodeModuleFactory, runScenario } from '../../sim/index.js';
import type { AnyScenario, NodeSystemContract, RunOptions, RunResult, SystemFactory } from '../../sim/index.js';

/** Shared setup of the node:fs scenario tests: the scenarios, their fixtures as factories, seed loops. */

export function scenarioNamed(name: string): AnyScenario {
  const scenario = findScenario(name);
  if (scenario === undefined) throw new Error(`no scenario ${name}`);
  return scenario;
}

/** The path of a fixture module, as `--impl` takes it. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

export const CONTRACTS: Readonly<Record<string, NodeSystemContract>> = {
  'atomic-file': { methods: ['save', 'load'] },
  'append-log': { methods: ['append', 'readAll'] },
  kv: { methods: ['get', 'put', 'delete'] },
};

/** The factory that runs a fixture module as the scenario's implementation. */
export function fixtureFactory(scenario: string, fixture: string): SystemFactory<unknown> {
  return nodeModuleFactory(fixturePath(fixture), CONTRACTS[scenario] as NodeSystemContract);
}

/** The first seed from 1 to `seedsMax` whose run fails, with its result. */
export async function firstFailure(scenario: AnyScenario, impl: SystemFactory<unknown>, seedsMax: number, options: Omit<RunOptions, 'seed'> = {}): Promise<RunResult | null> {
  for (let seed = 1; seed <= seedsMax; seed++) {
    const result = await runScenario(scenario, { ...options, seed }, { impl });
    if (result.violations.length > 0) return result;
  }
  return null;
}
