import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index.js';
import { runScenario } from '../../sim/runner/index.js';
import { ALL_MUTANTS } from './all.js';

/**
 * The mutants that break a promise only one check looks at: the first run of the default
 * campaign that finds each one fails that check (for the blob-fsync-* mutants: a check of the
 * scenario that opens the store with the options whose promise they break).
 */
const SEEDS_MAX = 200;

const CAUGHT_ONLY_BY: Readonly<Record<string, string>> = {
  'blob/delete-missing-rejects': 'unexpected-error',
  'blob/range-end-off-by-one': 'range-read',
  'blob/list-locale-order': 'list-order',
  'blob/lenient-key-validation': 'invalid-key-rejected',
  'wal/truncate-front-lazy-record': 'truncation-durable',
  'wal/truncate-back-unsynced': 'truncation-durable',
  'wal/next-index-from-entries': 'index-monotonic',
  'blob/data-mode-skips-dir-sync': 'acknowledged-durability',
  'blob/unverified-range-skips-header': 'range-read',
  'blob/list-walks-one-level': 'no-temp-leaks',
  'blob/none-mode-writes-in-place': 'checksum-agrees',
  'persist/reused-number-range-error': 'unexpected-error',
  'mvcc/compact-refuses-no-op': 'unexpected-error',
  'state-file/page-size-limit': 'unexpected-error',
  // node:fs modules (.cjs), run as `--impl` runs them.
  'atomic-file/save-links-over-existing': 'unexpected-error',
  'append-log/record-length-limit': 'unexpected-error',
  'kv/delete-missing-rejects': 'unexpected-error',
};

describe('each mutant of a contract check is caught by that check alone', () => {
  it.each(Object.entries(CAUGHT_ONLY_BY))('%s: %s', async (id, invariant) => {
    const mutant = ALL_MUTANTS.find((m) => m.id === id);
    const scenario = findScenario(mutant?.scenario ?? '');
    expect(mutant, `${id} is registered in test/mutants`).toBeDefined();
    if (mutant === undefined || scenario === undefined) return;
    for (let seed = 1; seed <= SEEDS_MAX; seed++) {
      const result = await runScenario(scenario, { seed }, { impl: mutant.factory });
      if (result.violations.length === 0) continue;
      expect(result.violations.map((v) => v.invariant), `seed ${seed}`).toContain(invariant);
      return;
    }
    expect.fail(`${id} was not found in seeds 1..${SEEDS_MAX}`);
  });
});
