import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index.js';
import { runCampaign } from '../../sim/runner/index.js';
import { ALL_MUTANTS } from '../mutants/all.js';

/**
 * The simulator must find every known bug with the default campaign (seeds 1, 2, ... with default
 * options) within 200 seeds. A mutant it cannot find is a gap in the simulator.
 */
const SEEDS_MAX = 200;

describe('the default campaign finds every mutant', () => {
  it.each(ALL_MUTANTS.map((m) => [m.id, m] as const))('%s within 200 seeds', async (_id, mutant) => {
    const scenario = findScenario(mutant.scenario);
    expect(scenario, `scenario ${mutant.scenario} is registered`).toBeDefined();
    if (scenario === undefined) return;
    let foundAt: number | null = null;
    await runCampaign({
      seed: 1,
      scenarios: [scenario],
      runsPerScenario: SEEDS_MAX,
      run: mutant.faults === undefined ? {} : ({ faults: mutant.faults } as object),
      impl: mutant.factory,
      shouldStop: () => foundAt !== null,
      onRun: (result) => {
        if (result.violations.length > 0 && foundAt === null) foundAt = result.options.seed;
      },
    });
    console.log(`${mutant.id}: found at seed ${String(foundAt)}`);
    expect(foundAt, `${mutant.id} was not found in seeds 1..${SEEDS_MAX}`).not.toBeNull();
  });
});
