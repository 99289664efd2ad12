import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StableHash, Trace, formatTraceRecord } from '../../sim/trace.js';

describe('StableHash', () => {
  it('gives the same digests as always (saved reports compare against them)', () => {
    const digest = (text: string): string => new StableHash().update(text).digest();
    expect(digest('')).toBe('d092bb2ca3bf71de');
    expect(digest('a')).toBe('49ce52e314d24e0d');
    expect(digest('abc')).toBe('7876fcf09582a29a');
    expect(digest('0|open|/data/x|flags=wx|ok\n')).toBe('e0afad77a5dbed19');
    expect(digest('é☃𝄞')).toBe('d04cdb7d66a7b637');
  });

  it('hashes a text fed in pieces as the whole text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 6 }), (pieces) => {
        const fed = new StableHash();
        for (const piece of pieces) fed.update(piece);
        expect(fed.digest()).toBe(new StableHash().update(pieces.join('')).digest());
      }),
      { numRuns: 300 },
    );
  });

  it('mixes a record in one call as the piecewise updates do', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.string({ unit: 'binary' }), { minLength: 4, maxLength: 4 }), (seq, [call = '', path = '', args = '', outcome = '']) => {
        const piecewise = new StableHash().update('x').updateInt(seq);
        for (const text of [call, path, args, outcome]) piecewise.updateInt(0x7c).update(text);
        piecewise.updateInt(0x0a);
        const whole = new StableHash().update('x').updateRecord(seq, call, path, args, outcome, 0x7c, 0x0a);
        expect(whole.digest()).toBe(piecewise.digest());
      }),
      { numRuns: 300 },
    );
  });

  it('tells apart texts that differ in one code unit, or in order', () => {
    const seen = new Map<string, string>();
    const note = (text: string): void => {
      const digest = new StableHash().update(text).digest();
      const earlier = seen.get(digest);
      if (earlier !== undefined && earlier !== text) throw new Error(`${JSON.stringify(text)} and ${JSON.stringify(earlier)} share ${digest}`);
      seen.set(digest, text);
    };
    const base = '17|handle.write|/data/5d/.tmp-0-3|pos=0 len=512|ok 512\n';
    for (let i = 0; i < base.length; i++) {
      for (let unit = 0; unit < 256; unit++) note(base.slice(0, i) + String.fromCharCode(unit) + base.slice(i + 1));
      note(base.slice(0, i) + base.slice(i + 1));
      if (i + 1 < base.length) note(base.slice(0, i) + base[i + 1] + base[i] + base.slice(i + 2));
    }
    expect(seen.size).toBeGreaterThan(base.length * 256);
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
    expect(formatTraceRecord(trace.records()[0]!)).toBe('s7 stat /f7 -> ok');
    expect(formatTraceRecord(trace.records()[0]!, { stepPrefix: 'r', caller: 'recovery' })).toBe('r7 recovery stat /f7 -> ok');
    expect(() => new Trace({ recordsCountMax: 0 })).toThrow(/recordsCountMax must be a positive integer/);
  });
});

describe('Trace hashing', () => {
  it('hashes a record as its seq (one unit) then the text of its line (parts are hashed without joining them)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.string(), fc.string(), fc.string()), { maxLength: 5 }), (records) => {
        const trace = new Trace({ keepRecords: false });
        const reference = new StableHash();
        records.forEach(([call, path, args, outcome], seq) => {
          trace.record(call, path, args, outcome);
          reference.updateInt(seq).update(`|${call}|${path}|${args}|${outcome}\n`);
        });
        expect(trace.hash()).toBe(reference.digest());
      }),
      { numRuns: 200 },
    );
  });
});

describe('StableHash.updateInt', () => {
  it('mixes a code unit as update does its one-character text', () => {
    expect(new StableHash().update('a').updateInt(0x7c).update('b').digest()).toBe(new StableHash().update('a|b').digest());
  });

  it('tells counters apart, including ones whose decimal texts would run together', () => {
    const digests = new Set<string>();
    for (let n = 0; n < 5000; n++) digests.add(new StableHash().updateInt(n).update('1').digest());
    expect(digests.size).toBe(5000);
  });
});
