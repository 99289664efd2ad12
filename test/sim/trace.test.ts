import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StableHash, Trace, fnv1a64Reference, formatTraceRecord } from '../../sim/trace.js';

describe('StableHash', () => {
  it('equals a BigInt FNV-1a 64 reference on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(new StableHash().update(text).digest()).toBe(fnv1a64Reference(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('Trace', () => {
  it('hashes the same calls to the same hash and different calls differently', () => {
    const a = new Trace();
    const b = new Trace();
    const c = new Trace();
    for (const t of [a, b, c]) t.record('open', '/x', 'flags=wx', 'ok');
    a.record('rename', '/x', '/y', 'ok');
    b.record('rename', '/x', '/y', 'ok');
    c.record('rename', '/x', '/y', 'ENOENT');
    expect(a.hash()).toBe(b.hash());
    expect(a.hash()).not.toBe(c.hash());
    expect(a.count).toBe(2);
  });

  it('keeps at most recordsCountMax records but counts and hashes all', () => {
    const trace = new Trace({ recordsCountMax: 3 });
    for (let i = 0; i < 10; i++) trace.record('stat', `/f${i}`, '', 'ok');
    expect(trace.records().map((r) => r.seq)).toEqual([7, 8, 9]);
    expect(trace.count).toBe(10);
    expect(formatTraceRecord(trace.records()[0]!)).toBe('#7 stat /f7 -> ok');
    expect(() => new Trace({ recordsCountMax: 0 })).toThrow(/recordsCountMax must be a positive integer/);
  });
});

describe('Trace hashing', () => {
  it('hashes a record exactly as the hash of its line (parts are hashed without joining them)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.string(), fc.string(), fc.string()), { maxLength: 5 }), (records) => {
        const trace = new Trace({ keepRecords: false });
        const reference = new StableHash();
        records.forEach(([call, path, args, outcome], seq) => {
          trace.record(call, path, args, outcome);
          reference.update(`${seq}|${call}|${path}|${args}|${outcome}\n`);
        });
        expect(trace.hash()).toBe(reference.digest());
      }),
      { numRuns: 200 },
    );
  });
});
