import { describe, expect, it } from 'vitest';
import { persistScenario } from '../../../scenarios/persist/index.js';
import { runScenario } from '../../../sim/runner/index.js';
import { eraseScenario } from '../../../sim/scenario.js';
import { PERSIST_MUTANTS } from './index.js';

/** Each mutant is found within 200 seeds, by the invariant written for its promise and no other. */
const SEEDS_BUDGET = 200;
const scenario = eraseScenario(persistScenario);

describe('persist mutants', () => {
  it.each(PERSIST_MUTANTS.map((mutant) => [mutant.name, mutant] as const))(`%s is found within ${SEEDS_BUDGET} seeds`, async (name, mutant) => {
    let foundAt: number | null = null;
    let invariants: string[] = [];
    for (let seed = 1; seed <= SEEDS_BUDGET && foundAt === null; seed++) {
      const result = await runScenario(scenario, { seed }, { impl: mutant.factory });
      if (result.violations.length > 0) {
        foundAt = seed;
        invariants = [...new Set(result.violations.map((violation) => violation.invariant))];
      }
    }
    expect(foundAt, `${name} survived ${SEEDS_BUDGET} seeds`).not.toBeNull();
    expect(invariants, `${name} broke ${invariants.join(', ')}`).toEqual([mutant.invariant]);
  });
});
