import { findScenario } from '../../../scenarios/index.js';
import { buildReport, type FailureReport } from '../../../sim/report/index.js';
import { runScenario, type RunOptions } from '../../../sim/runner/index.js';
import type { AnyScenario, SystemFactory } from '../../../sim/scenario.js';
import { BLOB_MUTANTS } from '../../mutants/blob/index.js';

/** Shared by the confirmation tests: find a mutant's failing case with a small campaign. */

export const blobScenario: AnyScenario = findScenario('blob') ?? ((): never => { throw new Error('the blob scenario is not registered'); })();

export function blobMutant(name: string): { factory: SystemFactory<unknown>; modulePath: string } {
  const mutant = BLOB_MUTANTS.find((m) => m.name === name);
  if (mutant === undefined) throw new Error(`no blob mutant ${name}`);
  return { factory: mutant.factory as SystemFactory<unknown>, modulePath: new URL(`../../mutants/blob/${name}.ts`, import.meta.url).pathname };
}

const SEEDS_MAX = 60;

/**
 * The first seed (from 1) at which `factory` breaks an invariant: one client and few operations,
 * so the real run follows the simulated one call for call. Throws when the budget finds nothing
 * (the simulator lost a mutant: a real failure, not a flaky test).
 */
export async function findFailingReport(factory: SystemFactory<unknown>, options: Omit<RunOptions, 'seed'> = {}): Promise<FailureReport> {
  for (let seed = 1; seed <= SEEDS_MAX; seed++) {
    const result = await runScenario(blobScenario, { operationsCount: 8, clientsCount: 1, ...options, seed }, { impl: factory });
    if (result.violations.length > 0) return buildReport(blobScenario, result, { impl: null, minimized: null, shrinking: null });
  }
  throw new Error(`no failing seed in 1..${SEEDS_MAX}`);
}
