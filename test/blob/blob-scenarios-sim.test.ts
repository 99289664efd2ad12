import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/runner/index.js';
import { SEED_MAX } from '../../sim/rng.js';
import { eraseScenario } from '../../sim/scenario.js';
import { blobScenario } from '../../scenarios/blob/index.js';
import { blobPutIfAbsentScenario } from '../../scenarios/blob-put-if-absent/index.js';

/** The real BlobStore through the real runner: crashed anywhere, it must hold every invariant. */

const SCENARIOS = [eraseScenario(blobScenario), eraseScenario(blobPutIfAbsentScenario)];

function explain(result: Awaited<ReturnType<typeof runScenario>>): string {
  return `${result.scenario} seed ${result.options.seed}: ${result.violations.map((v) => `${v.invariant}: ${v.message}`).join('\n')}\n${result.timeline.join('\n')}`;
}

for (const scenario of SCENARIOS) {
  describe(`scenario ${scenario.name} on the real BlobStore`, () => {
    it('holds on the first 150 seeds (posix crashes, random schedules)', async () => {
      for (let seed = 0; seed < 150; seed++) {
        const result = await runScenario(scenario, { seed });
        expect(result.violations, explain(result)).toEqual([]);
      }
    });

    it('holds under the pct scheduler and the ext4-ordered and process profiles', async () => {
      for (let seed = 1000; seed < 1040; seed++) {
        for (const options of [{ scheduler: 'pct' as const }, { profile: 'ext4-ordered' as const }, { profile: 'process' as const }]) {
          const result = await runScenario(scenario, { seed, ...options });
          expect(result.violations, explain(result)).toEqual([]);
        }
      }
    });

    it('holds on every post-crash state at exhaustively explored crash points', async () => {
      for (let seed = 0; seed < 10; seed++) {
        const result = await runScenario(scenario, { seed, exploration: 'exhaustive', maxStates: 32 });
        expect(result.violations, explain(result)).toEqual([]);
      }
    });

    it('holds for any seed, size and crash point (property)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: SEED_MAX }),
          fc.integer({ min: 1, max: 6 }),
          fc.integer({ min: 1, max: 60 }),
          async (seed, clientsCount, operationsCount) => {
            const result = await runScenario(scenario, { seed, clientsCount, operationsCount });
            expect(result.violations, explain(result)).toEqual([]);
          },
        ),
        { numRuns: 60, seed: 42 },
      );
    });

    it('gives the same trace hash when a seed runs twice', async () => {
      for (let seed = 0; seed < 20; seed++) {
        const first = await runScenario(scenario, { seed });
        const second = await runScenario(scenario, { seed });
        expect(second.traceHash).toBe(first.traceHash);
      }
    });
  });
}
