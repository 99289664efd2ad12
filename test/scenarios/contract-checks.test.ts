import { describe, expect, it } from 'vitest';
import { checkWalHistory } from '../../scenarios/wal/index.js';
import type { WalEntry, WalOperation, WalResult } from '../../scenarios/wal/index.js';
import { checkHostileKeys, checkListingShape, documentedBlobErrors, HOSTILE_KEYS } from '../../scenarios/support/blob-contract.js';
import { describeBlobOp, type BlobOp, type BlobResult } from '../../scenarios/support/blob-ops.js';
import { unexpectedErrors } from '../../scenarios/support/unexpected-errors.js';
import { MVCC_ERROR_CONTRACT } from '../../scenarios/mvcc/check.js';
import type { MvccOperation } from '../../scenarios/mvcc/index.js';
import { PERSIST_ERROR_CONTRACT } from '../../scenarios/persist/check.js';
import type { PersistOperation } from '../../scenarios/persist/index.js';
import { STATE_FILE_SAVE_ERROR_CONTRACT, checkStateFile } from '../../scenarios/state-file/check.js';
import type { StateFileOp, StateFileResult } from '../../scenarios/state-file/index.js';
import { createMemFs } from '../../src/fs/mem-fs.js';
import { validateKey } from '../../src/blob/keys.js';
import { markCorruption } from '../../src/fs/errors.js';
import { errorOutcome } from '../../sim/runner/history.js';
import type { InjectedFault, OperationOutcome, OperationRecord } from '../../sim/scenario.js';

/** The checks of the blob, wal, persist, mvcc and state-file contracts on hand-built histories: each can fail, and passes what is allowed. */

function record<Operation, Result>(id: number, operation: Operation, outcome: OperationOutcome<Result>, invokedAtStep: number, completedAtStep: number | null): OperationRecord<Operation, Result> {
  return { id, client: 0, operation, invokedAtStep, completedAtStep, outcome };
}

const error = (code: string): OperationOutcome<never> => ({ kind: 'error', code, message: `${code} happened` });
const ok = <Result>(value: Result): OperationOutcome<Result> => ({ kind: 'ok', value });
const contract = { documented: documentedBlobErrors, faultCodes: ['EIO', 'ENOSPC'], describe: describeBlobOp };
const eio: InjectedFault = { fault: 'eio-sync', step: 5, call: 'sync', path: '/data/x', detail: 'EIO' };

describe('unexpected-error', () => {
  const deleteFailed = record<BlobOp, BlobResult>(0, { kind: 'delete', key: 'alpha' }, error('EIO'), 3, 8);

  it('flags an error the contract does not document on a healthy disk', () => {
    expect(unexpectedErrors({ history: [deleteFailed] }, contract).map((v) => v.invariant)).toEqual(['unexpected-error']);
    const notFound = record<BlobOp, BlobResult>(0, { kind: 'get', key: 'alpha' }, error('BLOB_NOT_FOUND'), 3, 8);
    expect(unexpectedErrors({ history: [notFound] }, contract)).toEqual([]);
  });

  it('allows a disk error only when a fault was injected before the operation ended', () => {
    expect(unexpectedErrors({ history: [deleteFailed], injected: [eio] }, contract)).toEqual([]);
    expect(unexpectedErrors({ history: [deleteFailed], injected: [{ ...eio, step: 9 }] }, contract)).toHaveLength(1);
    const notDisk = record<BlobOp, BlobResult>(0, { kind: 'delete', key: 'alpha' }, error('BLOB_NOT_FOUND'), 3, 8);
    expect(unexpectedErrors({ history: [notDisk], injected: [eio] }, contract)).toHaveLength(1);
    expect(unexpectedErrors({ history: [deleteFailed], injected: [{ ...eio, fault: 'bitflip', step: 1 }] }, contract)).toHaveLength(1);
  });

  it('allows an error that reports damaged data, whatever its code, only when rot was injected before the operation ended', () => {
    const reported = errorOutcome(Object.assign(markCorruption(new Error('damaged')), { code: 'EMYSTORECORRUPT' }));
    expect(reported).toEqual({ kind: 'error', code: 'EMYSTORECORRUPT', message: 'damaged', corruption: true });
    const refused = record<BlobOp, BlobResult>(0, { kind: 'has', key: 'alpha' }, reported, 3, 8);
    const rot: InjectedFault = { fault: 'rot', step: 4, call: 'read', path: '/data/x', detail: 'flipped bit 3' };
    expect(unexpectedErrors({ history: [refused], injected: [rot] }, contract)).toEqual([]);
    expect(unexpectedErrors({ history: [refused] }, contract)).toHaveLength(1);
    expect(unexpectedErrors({ history: [refused], injected: [{ ...rot, step: 9 }] }, contract)).toHaveLength(1);
    expect(unexpectedErrors({ history: [refused], injected: [eio] }, contract)).toHaveLength(1);
    const unbranded = record<BlobOp, BlobResult>(0, { kind: 'has', key: 'alpha' }, errorOutcome(Object.assign(new Error('damaged'), { code: 'EMYSTORECORRUPT' })), 3, 8);
    expect(unbranded.outcome).not.toHaveProperty('corruption');
    expect(unexpectedErrors({ history: [unbranded], injected: [rot] }, contract)).toHaveLength(1);
  });
});

describe('the error contracts of persist, mvcc and state-file', () => {
  const cycle: PersistOperation = { kind: 'cycle', blocksPerLane: [1, 0, 0], qcsCount: 1, anchor: null };
  const ticket = { startTs: 1, ts: 2 };
  const txn: MvccOperation = { kind: 'txn', reads: [], writes: [{ key: 'a', value: 'a.0.1', ttl: null }], ticket };

  it('document only the refusals a healthy run can meet', () => {
    expect(unexpectedErrors({ history: [record(0, cycle, error('PersistGapError'), 3, 8)] }, PERSIST_ERROR_CONTRACT)).toHaveLength(1);
    expect(unexpectedErrors({ history: [record(0, txn, error('MVCC_WRITE_CONFLICT'), 3, 8)] }, MVCC_ERROR_CONTRACT)).toEqual([]);
    const compact: MvccOperation = { kind: 'compact', lag: 0, ticket };
    expect(unexpectedErrors({ history: [record(0, compact, error('MVCC_INVALID_ARGUMENT'), 3, 8)] }, MVCC_ERROR_CONTRACT)).toHaveLength(1);
    const save: StateFileOp = { kind: 'save', valueId: 0, sizeBytes: 12 };
    expect(unexpectedErrors({ history: [record(0, save, error('STATEFILE_INVALID_STATE'), 3, 8)] }, STATE_FILE_SAVE_ERROR_CONTRACT)).toHaveLength(1);
  });

  it('excuse the fail-stop error of each store only after an injected fault', () => {
    const stopped = [record(0, cycle, error('PersistenceFailedError'), 3, 8)];
    expect(unexpectedErrors({ history: stopped }, PERSIST_ERROR_CONTRACT)).toHaveLength(1);
    expect(unexpectedErrors({ history: stopped, injected: [eio] }, PERSIST_ERROR_CONTRACT)).toEqual([]);
    const failed = [record(0, txn, error('MVCC_FAILED'), 3, 8)];
    expect(unexpectedErrors({ history: failed }, MVCC_ERROR_CONTRACT)).toHaveLength(1);
    expect(unexpectedErrors({ history: failed, injected: [eio] }, MVCC_ERROR_CONTRACT)).toEqual([]);
  });
});

describe('hostile keys', () => {
  it('are keys the store refuses (the scenario and src/blob/keys.ts agree)', () => {
    for (const key of HOSTILE_KEYS) expect(() => validateKey(key), JSON.stringify(key)).toThrow();
  });

  it('must be refused with BLOB_INVALID_KEY and no filesystem call', () => {
    const op: BlobOp = { kind: 'get', key: '..' };
    expect(checkHostileKeys([record(0, op, error('BLOB_INVALID_KEY'), 4, 4)], describeBlobOp)).toEqual([]);
    for (const bad of [record<BlobOp, BlobResult>(0, op, error('BLOB_INVALID_KEY'), 4, 6), record<BlobOp, BlobResult>(0, op, error('EISDIR'), 4, 4), record<BlobOp, BlobResult>(0, op, ok('0:00000000'), 4, 4)]) {
      expect(checkHostileKeys([bad], describeBlobOp).map((v) => v.invariant)).toEqual(['invalid-key-rejected']);
    }
  });
});

describe('list order and prefix', () => {
  it('holds for ascending code-unit order within the prefix', () => {
    expect(checkListingShape(['Beta', 'alpha', 'alpha.v2'], '', 'list')).toEqual([]);
    expect(checkListingShape(['alpha', 'alpha.v2'], 'alpha', 'list')).toEqual([]);
  });
  it('fails a locale order, a duplicate and a key outside the prefix', () => {
    expect(checkListingShape(['alpha', 'Beta'], '', 'list').map((v) => v.invariant)).toEqual(['list-order']);
    expect(checkListingShape(['alpha', 'alpha'], '', 'list').map((v) => v.invariant)).toEqual(['list-order']);
    expect(checkListingShape(['Beta'], 'alpha', 'list').map((v) => v.invariant)).toEqual(['list-prefix']);
  });
});

describe('wal truncations', () => {
  type Rec = OperationRecord<WalOperation, WalResult>;
  const append = (id: number, opId: number, first: number, last: number, at: number): Rec =>
    record(id, { kind: 'append', opId, paddings: Array.from({ length: last - first + 1 }, () => 0) }, ok({ first, last }), at, at + 2);
  const entries = (opId: number, parts: number): WalEntry[] => Array.from({ length: parts }, (_, part) => ({ opId, part, paddingBytes: 0 }));

  it('an acknowledged front truncation keeps the first index at least where it put it', () => {
    const history: Rec[] = [append(0, 0, 1, 3, 0), record(1, { kind: 'truncateFront', keep: 1 }, ok({ index: 3 }), 10, 12)];
    expect(checkWalHistory(history, 3, entries(0, 3).slice(2))).toEqual([]);
    expect(checkWalHistory(history, 1, entries(0, 3)).map((v) => v.invariant)).toContain('truncation-durable');
  });

  it('entries an acknowledged back truncation removed never come back', () => {
    const history: Rec[] = [append(0, 0, 1, 3, 0), record(1, { kind: 'truncateBack', drop: 2 }, ok({ index: 1 }), 10, 12)];
    expect(checkWalHistory(history, 1, entries(0, 1))).toEqual([]);
    expect(checkWalHistory(history, 1, entries(0, 3)).map((v) => v.invariant)).toContain('truncation-durable');
  });

  it('nextIndex never goes back below an acknowledged truncateAll', () => {
    const history: Rec[] = [append(0, 0, 1, 3, 0), record(1, { kind: 'truncateAll' }, ok({ index: 4 }), 10, 12)];
    expect(checkWalHistory(history, 4, [])).toEqual([]);
    const found = checkWalHistory(history, 1, []).map((v) => v.invariant);
    expect(found).toContain('index-monotonic');
  });
});

describe('state-file loads under rot', () => {
  // The store's corruption error carries the brand, which the history records (errorOutcome).
  const corruptLoad = record<StateFileOp, StateFileResult>(0, { kind: 'load' }, { kind: 'error', code: 'STATEFILE_CORRUPT', message: 'damaged', corruption: true }, 3, 8);
  const rot: InjectedFault = { fault: 'rot', step: 5, call: 'readFile', path: '/data/state.json', detail: 'flipped bit 3' };
  const check = (injected: readonly InjectedFault[], load = corruptLoad) =>
    checkStateFile({ history: [load], recovered: { save: async () => {}, load: async () => undefined }, fs: createMemFs(), root: '/data', crashStep: 10, injected });

  it('a load that refuses the file after rot damaged it detects the damage', async () => {
    expect(await check([rot])).toEqual([]);
  });

  it('a parse failure without the corruption brand is not a refusal, even after rot', async () => {
    const unbranded = record<StateFileOp, StateFileResult>(0, { kind: 'load' }, error('SyntaxError'), 3, 8);
    expect((await check([rot], unbranded)).map((v) => v.invariant)).toEqual(['no-partial-visibility']);
  });

  it('without rot before it ended, a load that cannot parse the file saw a torn one', async () => {
    expect((await check([])).map((v) => v.invariant)).toEqual(['no-partial-visibility']);
    expect((await check([{ ...rot, step: 9 }])).map((v) => v.invariant)).toEqual(['no-partial-visibility']);
    expect((await check([{ ...rot, path: '/elsewhere/state.json' }])).map((v) => v.invariant)).toEqual(['no-partial-visibility']);
  });
});
