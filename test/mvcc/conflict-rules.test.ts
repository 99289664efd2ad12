import { describe, expect, it } from 'vitest';
import { checkConflictRule } from '../../scenarios/mvcc/conflict-rules.js';
import type { MvccOperation, MvccResult } from '../../scenarios/mvcc/index.js';
import type { OperationOutcome, OperationRecord } from '../../sim/scenario.js';

/** The conflict rule on hand-built histories: each legal history passes, each bug is named. */

type Record = OperationRecord<MvccOperation, MvccResult>;

const txn = (key: string, startTs: number, commitTs: number): MvccOperation => ({
  kind: 'txn',
  reads: [],
  writes: [{ key, value: `${key}@${commitTs}`, ttl: null }],
  ticket: { startTs, ts: commitTs },
});
const putAt = (key: string, ts: number): MvccOperation => ({ kind: 'write', write: { key, value: `${key}@${ts}`, ttl: null }, ticket: { startTs: null, ts } });
const committed = (startTs: number, commitTs: number): OperationOutcome<MvccResult> => ({ kind: 'ok', value: { kind: 'txn', startTs, commitTs, reads: [] } });
const written = (commitTs: number): OperationOutcome<MvccResult> => ({ kind: 'ok', value: { kind: 'write', commitTs } });
const conflict: OperationOutcome<MvccResult> = { kind: 'error', code: 'MVCC_WRITE_CONFLICT', message: 'write conflict' };

function history(...entries: [MvccOperation, OperationOutcome<MvccResult>][]): Record[] {
  return entries.map(([operation, outcome], id) => ({ id, client: id, operation, invokedAtStep: id, completedAtStep: 10 + id, outcome }));
}

const invariants = (records: Record[]): string[] => checkConflictRule(records).map((finding) => finding.invariant);

describe('mvcc conflict rule', () => {
  it('passes a conflict justified by a writer between start and commit, transactional or not', () => {
    expect(invariants(history([txn('a', 0, 2), committed(0, 2)], [txn('a', 0, 3), conflict]))).toEqual([]);
    expect(invariants(history([putAt('a', 2), written(2)], [txn('a', 0, 3), conflict]))).toEqual([]);
  });

  it('passes a commit whose keys no writer touched after its start', () => {
    expect(invariants(history([putAt('a', 1), written(1)], [txn('a', 1, 2), committed(1, 2)], [putAt('b', 3), written(3)]))).toEqual([]);
  });

  it('names a conflict no writer explains (a version at the start timestamp is in the snapshot)', () => {
    expect(invariants(history([putAt('a', 1), written(1)], [txn('a', 1, 2), conflict]))).toEqual(['no-spurious-conflict']);
    expect(invariants(history([txn('b', 0, 2), committed(0, 2)], [txn('a', 0, 3), conflict]))).toEqual(['no-spurious-conflict']);
  });

  it('names a transaction that committed over a blind write made after it started', () => {
    expect(invariants(history([putAt('a', 2), written(2)], [txn('a', 1, 3), committed(1, 3)]))).toEqual(['conflict-with-blind-write']);
  });

  it('ignores writes refused before reaching the log', () => {
    const refused: OperationOutcome<MvccResult> = { kind: 'error', code: 'MVCC_INVALID_ARGUMENT', message: 'bad' };
    expect(invariants(history([putAt('a', 2), refused], [txn('a', 1, 3), committed(1, 3)]))).toEqual([]);
  });
});
