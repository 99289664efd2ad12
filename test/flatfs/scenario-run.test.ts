import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/runner/index.js';
import { eraseScenario } from '../../sim/scenario.js';
import type { CrashProfile } from '../../sim/disk/index.js';
import { flatfsScenario } from '../../scenarios/flatfs/index.js';

/** The real FlatStore through the runner: every invariant holds on every profile. */

const scenario = eraseScenario(flatfsScenario);
const SEEDS_PER_PROFILE = 60;

describe('flatfs scenario on the real FlatStore', () => {
  it.each<CrashProfile>(['posix', 'ext4-ordered', 'process'])('holds on %s', async (profile) => {
    const failures: string[] = [];
    for (let seed = 1; seed <= SEEDS_PER_PROFILE; seed++) {
      const result = await runScenario(scenario, { seed, profile });
      for (const violation of result.violations) failures.push(`seed ${seed}: ${violation.invariant}: ${violation.message}`);
    }
    expect(failures).toEqual([]);
  });

  it('holds in every post-crash state (exhaustive, bounded)', async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const result = await runScenario(scenario, { seed, exploration: 'exhaustive', maxStates: 32, operationsCount: 12 });
      for (const violation of result.violations) failures.push(`seed ${seed}: ${violation.invariant}: ${violation.message}`);
    }
    expect(failures).toEqual([]);
  });

  it('is deterministic: one seed, one trace hash', async () => {
    const first = await runScenario(scenario, { seed: 42 });
    const second = await runScenario(scenario, { seed: 42 });
    expect(second.traceHash).toBe(first.traceHash);
    expect(first.stepsCount).toBeGreaterThan(100);
  });
});
