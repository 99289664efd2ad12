import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type KeyedVersion, VersionIndex, visibleValue } from '../../src/mvcc/version-index.js';

/** The version index against the obvious model: a list of versions searched in full each time. */

const KEYS = ['', 'a', 'ab', 'b', 'c', '!txn|x'];
const versionArb: fc.Arbitrary<KeyedVersion> = fc.record({
  key: fc.constantFrom(...KEYS),
  commitTs: fc.integer({ min: 1, max: 30 }),
  value: fc.option(fc.string({ maxLength: 3 }), { nil: null }),
  expireAt: fc.option(fc.integer({ min: 1, max: 35 }), { nil: undefined }),
});

/** The newest write of `key` at or below `ts`; for equal timestamps the last written wins. */
function modelVersion(writes: readonly KeyedVersion[], key: string, ts: number): KeyedVersion | undefined {
  let best: KeyedVersion | undefined;
  for (const write of writes) if (write.key === key && write.commitTs <= ts && (best === undefined || write.commitTs >= best.commitTs)) best = write;
  return best;
}

function modelScan(writes: readonly KeyedVersion[], start: string, end: string, ts: number): [string, string][] {
  const rows: [string, string][] = [];
  for (const key of [...KEYS].sort()) {
    if (key < start || key >= end) continue;
    const value = visibleValue(modelVersion(writes, key, ts), ts);
    if (value !== undefined) rows.push([key, value]);
  }
  return rows;
}

describe('VersionIndex', () => {
  it('reads and scans like the model at every timestamp', () => {
    fc.assert(
      fc.property(
        fc.array(versionArb, { maxLength: 40 }),
        fc.integer({ min: 0, max: 36 }),
        fc.constantFrom(...KEYS),
        fc.constantFrom(...KEYS, '~'),
        fc.integer({ min: 1, max: 4 }),
        (writes, ts, start, end, limit) => {
          const index = new VersionIndex();
          for (const write of writes) index.put(write);
          for (const key of KEYS) expect(visibleValue(index.versionAt(key, ts), ts)).toBe(visibleValue(modelVersion(writes, key, ts), ts));
          const expected = modelScan(writes, start, end, ts);
          expect(index.scan(start, end, ts, limit).map((r) => [r.key, r.value])).toEqual(expected.slice(0, limit));
          expect(index.reverseScan(start, end, ts, limit).map((r) => [r.key, r.value])).toEqual([...expected].reverse().slice(0, limit));
        },
      ),
    );
  });

  it('pruning at minTs changes no read at or above minTs, and keeps internal keys whole', () => {
    fc.assert(
      fc.property(fc.array(versionArb, { maxLength: 40 }), fc.integer({ min: 0, max: 32 }), (writes, minTs) => {
        const index = new VersionIndex();
        for (const write of writes) index.put(write);
        const before = [...index.entries()].filter((v) => v.key.startsWith('!txn|'));
        index.prune(minTs, (key) => !key.startsWith('!txn|'));
        for (let ts = minTs; ts <= 36; ts++) {
          for (const key of KEYS) expect(visibleValue(index.versionAt(key, ts), ts)).toBe(visibleValue(modelVersion(writes, key, ts), ts));
        }
        expect([...index.entries()].filter((v) => v.key.startsWith('!txn|'))).toEqual(before);
      }),
    );
  });
});
