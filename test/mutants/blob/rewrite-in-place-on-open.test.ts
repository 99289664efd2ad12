import { describe, expect, it } from 'vitest';
import { blobScenario } from '../../../scenarios/blob/index.js';
import { runScenario } from '../../../sim/runner/index.js';
import { eraseScenario } from '../../../sim/scenario.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import rewriteInPlaceOnOpen from './rewrite-in-place-on-open.js';

/**
 * A recovery that is not itself crash-safe (it rewrites every blob in place at open) is invisible
 * to single crashes, since every recovery that runs to its end looks right, and found as soon as
 * the recovery is crashed too (`crashRecovery`). Tested on its own: the default campaign of the
 * registered mutants does not crash recoveries.
 */
const SEEDS_BUDGET = 200;
const blob = eraseScenario(blobScenario);
const impl = rewriteInPlaceOnOpen as SystemFactory<unknown>;

async function firstFailingSeed(crashRecovery: boolean): Promise<number | null> {
  for (let seed = 1; seed <= SEEDS_BUDGET; seed++) {
    const result = await runScenario(blob, { seed, crashRecovery }, { impl });
    if (result.violations.length > 0) return seed;
  }
  return null;
}

describe('blob mutant rewrite-in-place-on-open', () => {
  it(`survives ${SEEDS_BUDGET} seeds of single crashes`, async () => {
    expect(await firstFailingSeed(false)).toBeNull();
  });

  it(`is found within ${SEEDS_BUDGET} seeds when the recovery is crashed too, and the report says where`, async () => {
    const seed = await firstFailingSeed(true);
    expect(seed).not.toBeNull();
    const result = await runScenario(blob, { seed: seed as number, crashRecovery: true }, { impl });
    expect(result.violations.map((v) => v.invariant)).toContain('checksum-agrees');
    expect(result.injectedFaults.some((line) => /^recovery crashed after step \d+ of \d+, then recovered again$/.test(line))).toBe(true);
  });
});
