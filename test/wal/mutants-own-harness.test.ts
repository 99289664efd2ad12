import { describe, expect, it } from 'vitest';
import { walScenario } from '../../scenarios/wal/index.js';
import type { WalSystem } from '../../scenarios/wal/index.js';
import type { SystemFactory } from '../../sim/scenario.js';
import { WAL_MUTANTS } from '../mutants/wal/index.js';
import { crashRun } from './crash-harness.js';

const SEED_BUDGET = 200;

describe('wal mutants are found by the wal scenario (own harness)', () => {
  // This harness injects no faults: mutants that need them are left to runScenario's tests.
  for (const mutant of WAL_MUTANTS.filter((m) => m.scenario === 'wal' && m.faults === undefined)) {
    it(`finds ${mutant.name} within ${SEED_BUDGET} seeds`, async () => {
      let foundAt: number | undefined;
      for (let seed = 1; seed <= SEED_BUDGET && foundAt === undefined; seed++) {
        const profile = seed % 3 === 0 ? 'ext4-ordered' : 'posix';
        const result = await crashRun(walScenario, { seed, clientsCount: 1 + (seed % 4), operationsCount: 24, profile }, mutant.factory as SystemFactory<WalSystem>);
        if (result.violations.length > 0) {
          foundAt = seed;
          console.log(mutant.name, JSON.stringify(result.violations[0]).slice(0, 300));
        }
      }
      console.log(`${mutant.name}: found at seed ${String(foundAt)}`);
      expect(foundAt).toBeDefined();
    });
  }
});
