import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../sim/runner/index.js';
import { eraseScenario } from '../../../sim/scenario.js';
import { blobScenario } from '../../../scenarios/blob/index.js';
import { blobPutIfAbsentScenario } from '../../../scenarios/blob-put-if-absent/index.js';

/**
 * The real BlobStore under each fault kind: it must report the errors, never acknowledge what is
 * not durable, and never serve a damaged blob. Each campaign also asserts that faults were
 * actually injected, so a spec that silently hit nothing cannot pass for robustness.
 */

const SPECS = [
  'eio-sync:randomly(0.1)',
  'eio-sync:pathMatch(.tmp-)&randomly(0.2)',
  'eio-read:randomly(0.5)',
  'enospc:capacity(8000)',
  'bitflip:randomly(0.5)',
  'eio-sync:randomly(0.05);eio-read:randomly(0.05);enospc:capacity(12000);bitflip:randomly(0.3)',
];
const SEEDS_COUNT = 80;

for (const scenario of [eraseScenario(blobScenario), eraseScenario(blobPutIfAbsentScenario)]) {
  describe(`scenario ${scenario.name} on the real BlobStore under faults`, () => {
    for (const faults of SPECS) {
      it(`holds with --faults ${faults}`, async () => {
        let injected = 0;
        for (let seed = 0; seed < SEEDS_COUNT; seed++) {
          const result = await runScenario(scenario, { seed, faults });
          injected += result.injectedFaults.length;
          const explanation = `seed ${seed}: ${result.violations.map((v) => `${v.invariant}: ${v.message}`).join('\n')}\n${result.injectedFaults.join('\n')}`;
          expect(result.violations, explanation).toEqual([]);
        }
        expect(injected).toBeGreaterThan(SEEDS_COUNT / 8);
      });
    }
  });
}
