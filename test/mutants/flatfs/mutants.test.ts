import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../sim/runner/index.js';
import { eraseScenario, type SystemFactory } from '../../../sim/scenario.js';
import { flatfsScenario } from '../../../scenarios/flatfs/index.js';
import { FLATFS_MUTANTS } from './index.js';

/** Every FlatStore mutant is found by the flatfs scenario within 200 seeds. */

const SEED_BUDGET = 200;
const scenario = eraseScenario(flatfsScenario);

/** The invariants each mutant may break: found for the right reason, not by accident. */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'temp-not-wiped': ['no-temp-leftovers'],
  'batch-duplicate-race': ['batch-reads-own-writes', 'no-partial-value', 'acknowledged-durability'],
  'commit-without-shard-sync': ['acknowledged-durability'],
  'batch-query-duplicates': ['batch-query'],
  'batch-get-ignores-store': ['batch-reads-outside'],
};

describe('flatfs mutants', () => {
  it.each(FLATFS_MUTANTS.map((mutant) => [mutant.name, mutant] as const))(`%s is found within ${SEED_BUDGET} seeds`, async (name, mutant) => {
    expect(mutant.scenario).toBe(scenario.name);
    const impl: SystemFactory<unknown> = mutant.factory;
    let foundAt: number | null = null;
    let invariants: string[] = [];
    for (let seed = 1; seed <= SEED_BUDGET && foundAt === null; seed++) {
      const result = await runScenario(scenario, { seed }, { impl });
      if (result.violations.length > 0) {
        foundAt = seed;
        invariants = result.violations.map((violation) => violation.invariant);
      }
    }
    expect(foundAt, `${name} survived ${SEED_BUDGET} seeds`).not.toBeNull();
    expect(invariants.some((invariant) => EXPECTED[name]?.includes(invariant)), `${name} broke ${invariants.join(', ')}`).toBe(true);
  });
});
