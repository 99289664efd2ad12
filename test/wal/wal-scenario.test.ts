import { describe, expect, it } from 'vitest';
import { persistScenario } from '../../scenarios/persist/index.js';
import { walScenario } from '../../scenarios/wal/index.js';
import { runScenario } from '../../sim/runner/index.js';
import { eraseScenario } from '../../sim/scenario.js';

/** The bundled implementations survive campaigns of the runner on every crash profile. */
async function campaign(scenario: typeof walScenario | typeof persistScenario, seeds: number): Promise<string[]> {
  const failures: string[] = [];
  const erased = scenario === walScenario ? eraseScenario(walScenario) : eraseScenario(persistScenario);
  for (let seed = 1; seed <= seeds; seed++) {
    const profile = (['posix', 'ext4-ordered', 'process'] as const)[seed % 3];
    const result = await runScenario(erased, { seed, ...(profile === undefined ? {} : { profile }) });
    for (const v of result.violations.slice(0, 1)) failures.push(`seed ${seed} (${String(profile)}): ${v.invariant}: ${v.message}`);
  }
  return failures;
}

describe('scenarios through runScenario', () => {
  it('wal holds over 200 seeds', async () => {
    expect(await campaign(walScenario, 200)).toEqual([]);
  });
  it('persist holds over 150 seeds', async () => {
    expect(await campaign(persistScenario, 150)).toEqual([]);
  });
  it('wal holds under exhaustive exploration of a few crash points', async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const result = await runScenario(eraseScenario(walScenario), { seed, exploration: 'exhaustive', maxStates: 32, operationsCount: 16 });
      for (const v of result.violations.slice(0, 1)) failures.push(`seed ${seed}: ${v.invariant}: ${v.message}`);
    }
    expect(failures).toEqual([]);
  });
});
