import { describe, expect, it } from 'vitest';
import { mvccScenario } from '../../scenarios/mvcc/index.js';
import { runScenario } from '../../sim/runner/index.js';
import { eraseScenario } from '../../sim/scenario.js';
import type { RunOptions } from '../../sim/runner/index.js';

/** The `mvcc` scenario through the real runner: the bundled store holds every invariant. */

const CAMPAIGNS: { readonly label: string; readonly options: Omit<RunOptions, 'seed'>; readonly seeds: number }[] = [
  { label: 'posix, random crash states', options: {}, seeds: 150 },
  { label: 'long workloads, 4 clients', options: { operationsCount: 120, clientsCount: 4 }, seeds: 40 },
  { label: 'ext4-ordered', options: { profile: 'ext4-ordered' }, seeds: 60 },
  { label: 'exhaustive crash states', options: { exploration: 'exhaustive', maxStates: 16 }, seeds: 30 },
];

describe('mvcc scenario', () => {
  for (const campaign of CAMPAIGNS) {
    it(`holds its invariants (${campaign.label})`, async () => {
      for (let seed = 1; seed <= campaign.seeds; seed++) {
        const result = await runScenario(eraseScenario(mvccScenario), { seed, ...campaign.options });
        expect(result.violations, `seed ${seed}: npm run sim -- --scenario mvcc --seed ${seed}`).toEqual([]);
      }
    });
  }

  it('is deterministic: one seed, one trace', async () => {
    const first = await runScenario(eraseScenario(mvccScenario), { seed: 7 });
    const second = await runScenario(eraseScenario(mvccScenario), { seed: 7 });
    expect(second.traceHash).toBe(first.traceHash);
  });
});
