import { describe, expect, it } from 'vitest';
import { mvccScenario } from '../../../scenarios/mvcc/index.js';
import { runScenario } from '../../../sim/runner/index.js';
import { eraseScenario } from '../../../sim/scenario.js';
import { MVCC_MUTANTS } from './index.js';

/** Each mutant is found by the real simulator within the budget of 200 seeds. */
const SEEDS_BUDGET = 200;

describe('mvcc mutants', () => {
  for (const mutant of MVCC_MUTANTS) {
    it(`finds ${mutant.name} within ${SEEDS_BUDGET} seeds`, async () => {
      let foundAt: number | null = null;
      for (let seed = 1; seed <= SEEDS_BUDGET && foundAt === null; seed++) {
        const result = await runScenario(mutant.scenario, { seed }, { impl: mutant.factory });
        if (result.violations.length > 0) foundAt = seed;
      }
      expect(foundAt, `${mutant.name} survived ${SEEDS_BUDGET} seeds`).not.toBeNull();
    });
  }

  it('the bundled store survives the same seeds', async () => {
    for (let seed = 1; seed <= SEEDS_BUDGET; seed++) {
      const result = await runScenario(eraseScenario(mvccScenario), { seed });
      expect(result.violations, `seed ${seed}`).toEqual([]);
    }
  });
});
