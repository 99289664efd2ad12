import { describe, expect, it } from 'vitest';
import fixedStateFile from '../../examples/fixed-state-file.js';
import naiveStateFile from '../../examples/naive-state-file.js';
import { stateFileScenario } from '../../scenarios/state-file/index.js';
import { runScenario } from '../../sim/runner/index.js';
import { eraseScenario } from '../../sim/scenario.js';

/**
 * The worked example of examples/README.md, as a test: the naive state file (truncate and write
 * in place) is caught within a small seed budget, and the fixed one survives a longer campaign.
 */

const scenario = eraseScenario(stateFileScenario);
const NAIVE_SEEDS_BUDGET = 200;
const FIXED_SEEDS = 300;

describe('examples/ on the state-file scenario', () => {
  it(`finds the naive state file within ${NAIVE_SEEDS_BUDGET} seeds, as a torn or lost state`, async () => {
    let found: { seed: number; invariant: string } | null = null;
    for (let seed = 1; seed <= NAIVE_SEEDS_BUDGET && found === null; seed++) {
      const result = await runScenario(scenario, { seed }, { impl: naiveStateFile });
      const first = result.violations[0];
      if (first !== undefined) found = { seed, invariant: first.invariant };
    }
    expect(found, `the naive state file survived ${NAIVE_SEEDS_BUDGET} seeds`).not.toBeNull();
    expect(['no-partial-visibility', 'acknowledged-durability']).toContain(found?.invariant);
  });

  it('catches the torn file itself (not only the missing directory sync)', async () => {
    // The naive version has two bugs; the one the example is about is the in-place truncate.
    let tornAt: number | null = null;
    for (let seed = 1; seed <= NAIVE_SEEDS_BUDGET && tornAt === null; seed++) {
      const result = await runScenario(scenario, { seed }, { impl: naiveStateFile });
      if (result.violations.some((v) => v.invariant === 'no-partial-visibility' && v.message.startsWith('after recovery'))) tornAt = seed;
    }
    expect(tornAt, 'no crash state with a torn or empty state file').not.toBeNull();
  });

  it(`the fixed state file passes ${FIXED_SEEDS} seeds`, async () => {
    for (let seed = 1; seed <= FIXED_SEEDS; seed++) {
      const result = await runScenario(scenario, { seed }, { impl: fixedStateFile });
      expect(result.violations, `seed ${seed}`).toEqual([]);
    }
  });
});
