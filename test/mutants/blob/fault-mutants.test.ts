import { describe, expect, it } from 'vitest';
import { runCampaign } from '../../../sim/runner/index.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { findScenario } from '../../../scenarios/index.js';
import { BLOB_MUTANTS } from './index.js';

/**
 * The mutants only faults can show (their registry entry names the spec): a default campaign of
 * 200 seeds with that spec must find each. Without faults the same bug stays hidden, which is
 * the point of injecting them.
 */

const SEEDS_BUDGET = 200;

const FAULT_MUTANTS = BLOB_MUTANTS.filter((mutant) => mutant.faults !== undefined);

describe('blob mutants found by injected faults', () => {
  it('covers the two fault mutants', () => {
    expect(FAULT_MUTANTS.map((m) => m.name).sort()).toEqual(['retry-failed-sync', 'skip-checksum-on-read']);
  });

  for (const mutant of FAULT_MUTANTS) {
    it(`finds ${mutant.name} (${mutant.bug}) with --faults ${mutant.faults} within ${SEEDS_BUDGET} seeds`, async () => {
      const scenario = findScenario(mutant.scenario);
      if (scenario === undefined) throw new Error(`no scenario ${mutant.scenario}`);
      let failures = 0;
      const summary = await runCampaign({
        seed: 0,
        scenarios: [scenario],
        runsPerScenario: SEEDS_BUDGET,
        run: { faults: mutant.faults as string },
        impl: mutant.factory as SystemFactory<unknown>,
        // Stop at the first failure: the question is whether, not how often.
        shouldStop: () => failures > 0,
        onRun: (result) => {
          if (result.violations.length > 0) failures++;
        },
      });
      expect(summary.failures, `${mutant.name} survived ${summary.runs} seeds with --faults ${mutant.faults}`).toBeGreaterThan(0);
    });
  }

  it('the same mutants survive crashes alone: their bugs need the faults', async () => {
    for (const mutant of FAULT_MUTANTS) {
      const scenario = findScenario(mutant.scenario);
      if (scenario === undefined) throw new Error(`no scenario ${mutant.scenario}`);
      const summary = await runCampaign({ seed: 0, scenarios: [scenario], runsPerScenario: 60, run: {}, impl: mutant.factory as SystemFactory<unknown> });
      expect(summary.failures, mutant.name).toBe(0);
    }
  });
});
