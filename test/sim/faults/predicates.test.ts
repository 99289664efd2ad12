import { describe, expect, it } from 'vitest';
import { always, and, capacity, compilePathPattern, not, onIndex, opKind, or, pathIs, pathMatch, phase, randomly } from '../../../sim/faults/index.js';
import type { FaultSubject, Predicate } from '../../../sim/faults/index.js';
import { RngStreams } from '../../../sim/rng.js';

/** What each predicate selects, evaluated on hand-made operations. */

function subject(call: string, path: string, growthBytes = 0, usedBytes = 0): FaultSubject {
  return { call, path, growthBytes, usedBytes: () => usedBytes };
}

/** Runs a freshly compiled predicate over `subjects`; returns the indexes it fired on. */
function firing(predicate: Predicate, subjects: readonly FaultSubject[], seed = 1): number[] {
  const test = predicate.compile(new RngStreams(seed).stream('faults'), 'workload');
  return subjects.flatMap((s, i) => (test(s) ? [i] : []));
}

const SYNCS_AND_READS = [
  subject('sync', '/data/a.log'),
  subject('read', '/data/a.log'),
  subject('sync', '/data/b.seg'),
  subject('datasync', '/data/wal/c.log'),
  subject('sync', '/data/.tmp-0-1'),
];

describe('predicates', () => {
  it('always() fires on everything', () => {
    expect(firing(always(), SYNCS_AND_READS)).toEqual([0, 1, 2, 3, 4]);
  });

  it('onIndex(n) fires on the n-th operation reaching it, from 0, once', () => {
    expect(firing(onIndex(0), SYNCS_AND_READS)).toEqual([0]);
    expect(firing(onIndex(3), SYNCS_AND_READS)).toEqual([3]);
    expect(firing(onIndex(9), SYNCS_AND_READS)).toEqual([]);
  });

  it('inside and(), onIndex counts only operations the operands before it let through', () => {
    expect(firing(and(opKind('sync'), onIndex(1)), SYNCS_AND_READS)).toEqual([2]);
    // Each compile starts a fresh counter: a rerun of a run sees the same faults.
    const predicate = and(opKind('sync'), onIndex(0));
    expect(firing(predicate, SYNCS_AND_READS)).toEqual([0]);
    expect(firing(predicate, SYNCS_AND_READS)).toEqual([0]);
  });

  it('pathMatch: substrings, globs on the name, globs with / on the whole path', () => {
    expect(firing(pathMatch('.tmp-'), SYNCS_AND_READS)).toEqual([4]);
    expect(firing(pathMatch('*.log'), SYNCS_AND_READS)).toEqual([0, 1, 3]);
    expect(firing(pathMatch('/data/*.log'), SYNCS_AND_READS)).toEqual([0, 1]);
    expect(firing(pathMatch('/data/**.log'), SYNCS_AND_READS)).toEqual([0, 1, 3]);
    expect(firing(pathMatch('?.seg'), SYNCS_AND_READS)).toEqual([2]);
    expect(compilePathPattern('a.c')('/x/abc')).toBe(false); // '.' is literal, not a regexp dot
  });

  it('opKind matches the call names', () => {
    expect(firing(opKind('sync', 'datasync'), SYNCS_AND_READS)).toEqual([0, 2, 3, 4]);
    expect(firing(opKind('read'), SYNCS_AND_READS)).toEqual([1]);
  });

  it('randomly(p) draws from the stream: deterministic per seed, about p of the operations', () => {
    const many = Array.from({ length: 4000 }, (_, i) => subject('sync', `/f${i}`));
    const first = firing(randomly(0.25), many, 5);
    expect(firing(randomly(0.25), many, 5)).toEqual(first);
    expect(firing(randomly(0.25), many, 6)).not.toEqual(first);
    expect(first.length).toBeGreaterThan(850);
    expect(first.length).toBeLessThan(1150);
    expect(firing(randomly(0), many)).toEqual([]);
    expect(firing(randomly(1), many)).toHaveLength(4000);
  });

  it('capacity(bytes) fires only when a growing call would pass the capacity', () => {
    const calls = [
      subject('write', '/a', 10, 90), // to 100: at capacity, allowed
      subject('write', '/a', 11, 90), // to 101: beyond
      subject('write', '/a', 0, 500), // an overwrite adds nothing: allowed even when full
      subject('truncate', '/a', 1, 100),
    ];
    expect(firing(capacity(100), calls)).toEqual([1, 3]);
  });

  it('and, or, not combine as logic does', () => {
    expect(firing(or(pathMatch('a.log'), opKind('datasync')), SYNCS_AND_READS)).toEqual([0, 1, 3]);
    expect(firing(not(opKind('sync')), SYNCS_AND_READS)).toEqual([1, 3]);
    expect(firing(and(opKind('sync'), not(pathMatch('.tmp-'))), SYNCS_AND_READS)).toEqual([0, 2]);
  });
});

describe('phase', () => {
  it('fires in its phase only, and makes the rule take part in recovery', () => {
    const rng = new RngStreams(1).stream('faults');
    const any = subject('read', '/data/a.log');
    expect(phase('recovery').compile(rng, 'recovery')(any)).toBe(true);
    expect(phase('recovery').compile(rng, 'workload')(any)).toBe(false);
    expect(not(phase('workload')).compile(rng, 'recovery')(any)).toBe(true);
    expect(and(pathMatch('*.log'), phase('recovery')).namesPhase).toBe(true);
    expect(or(onIndex(0), not(phase('workload'))).namesPhase).toBe(true);
    expect(and(pathMatch('*.log'), randomly(0.5)).namesPhase).toBe(false);
  });
});

describe('pathIs', () => {
  it('matches exactly one path: no substring, no glob', () => {
    const subjects = [subject('sync', '/data/a.log'), subject('sync', '/data/a.log.tmp'), subject('sync', '/x/data/a.log'), subject('sync', '/data/*.log')];
    expect(firing(pathIs('/data/a.log'), subjects)).toEqual([0]);
    expect(firing(pathIs('/data/*.log'), subjects)).toEqual([3]);
    // Pinned to the n-th call on that path: onIndex counts only what passed pathIs.
    expect(firing(and(pathIs('/data/a.log'), onIndex(1)), [...subjects, subject('sync', '/data/a.log')])).toEqual([4]);
  });
});
