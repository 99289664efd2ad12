import { describe, expect, it } from 'vitest';
import { persistScenario } from '../../../scenarios/persist/index.js';
import { walScenario } from '../../../scenarios/wal/index.js';
import { runScenario } from '../../../sim/runner/index.js';
import { eraseScenario } from '../../../sim/scenario.js';
import { WAL_MUTANTS } from './index.js';

/** Every WAL mutant is found by the real runner within the seed budget. */
const SEED_BUDGET = 200;
const SCENARIOS = { wal: eraseScenario(walScenario), persist: eraseScenario(persistScenario) };

describe('WAL mutants are found by their scenario through runScenario', () => {
  for (const mutant of WAL_MUTANTS) {
    it(`${mutant.name} is found within ${SEED_BUDGET} seeds`, async () => {
      let found: string | undefined;
      for (let seed = 1; seed <= SEED_BUDGET && found === undefined; seed++) {
        const result = await runScenario(SCENARIOS[mutant.scenario], { seed, ...(mutant.faults === undefined ? {} : { faults: mutant.faults }) }, { impl: mutant.factory });
        const violation = result.violations[0];
        if (violation !== undefined) found = `seed ${seed}: ${violation.invariant}: ${violation.message}`;
      }
      console.log(`${mutant.name}: ${String(found)}`);
      expect(found).toBeDefined();
    });
  }
});
