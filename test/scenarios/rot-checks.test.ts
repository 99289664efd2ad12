import { describe, expect, it } from 'vitest';
import { checkWorkloadReads, FULL_PROMISES, modelsFor } from '../../scenarios/support/blob-checks.js';
import { valueFingerprint, type BlobOp, type BlobResult } from '../../scenarios/support/blob-ops.js';
import { rotReached } from '../../scenarios/support/rot.js';
import { markCorruption } from '../../src/fs/errors.js';
import { errorOutcome } from '../../sim/runner/history.js';
import type { InjectedFault, OperationOutcome, OperationRecord } from '../../sim/scenario.js';

/** Reads under rot on hand-built histories: what rot excuses, and what it never does. */

type Rec = OperationRecord<BlobOp, BlobResult>;

function record(id: number, operation: BlobOp, outcome: OperationOutcome<BlobResult>, invokedAtStep: number, completedAtStep: number | null): Rec {
  return { id, client: 0, operation, invokedAtStep, completedAtStep, outcome };
}

const put: BlobOp = { kind: 'put', key: 'alpha', valueId: 1, sizeBytes: 40, overwrite: true };
const putAgain: BlobOp = { kind: 'put', key: 'alpha', valueId: 2, sizeBytes: 40, overwrite: true };
const written = record(0, put, { kind: 'ok', value: null }, 0, 10);
const refused: OperationOutcome<BlobResult> = { kind: 'error', code: 'BLOB_CHECKSUM_MISMATCH', message: 'corrupt', corruption: true };
const rotAt = (step: number, path = '/data/5d/alpha'): InjectedFault => ({ fault: 'rot', step, call: 'readFile', path, detail: 'flipped bit 3 (byte 0) before the read returned them' });

function invariants(history: readonly Rec[], injected: readonly InjectedFault[], checksums = true): string[] {
  const models = modelsFor(['alpha'], history);
  return checkWorkloadReads({ history, models, promises: { ...FULL_PROMISES, checksums }, injected }).map((v) => v.invariant);
}

describe('a read refused as corrupt under rot', () => {
  const get = record(1, { kind: 'get', key: 'alpha' }, refused, 12, 14);

  it('is detection when the key file rotted before the read ended', () => {
    expect(invariants([written, get], [rotAt(12)])).toEqual([]);
    expect(invariants([written, get], [rotAt(11)])).toEqual([]);
  });

  it('is a violation without rot, with rot of another key, or with rot after the read', () => {
    expect(invariants([written, get], [])).toEqual(['checksum-agrees']);
    expect(invariants([written, get], [rotAt(12, '/data/aa/Beta')])).toEqual(['checksum-agrees']);
    expect(invariants([written, get], [rotAt(14)])).toEqual(['checksum-agrees']);
  });

  it('is a violation once an acknowledged write replaced the rotted file before the read began', () => {
    const replaced = record(2, putAgain, { kind: 'ok', value: null }, 6, 11);
    const late = record(1, { kind: 'get', key: 'alpha' }, refused, 12, 14);
    expect(invariants([written, replaced, late], [rotAt(5)])).toEqual(['checksum-agrees']);
    // A write that may have run before the rot proves nothing.
    expect(invariants([written, { ...replaced, invokedAtStep: 4 }, late], [rotAt(5)])).toEqual([]);
  });

  it('is not excused by rot while the store reopened, whose steps are the recovery disk\'s', () => {
    expect(invariants([written, get], [{ ...rotAt(3), phase: 'recovery' }])).toEqual(['checksum-agrees']);
  });

  it('is decided by the error type, not its code', () => {
    const unbranded = record(1, { kind: 'get', key: 'alpha' }, { kind: 'error', code: 'BLOB_CHECKSUM_MISMATCH', message: 'corrupt' }, 12, 14);
    expect(invariants([written, unbranded], [rotAt(12)])).toEqual(['checksum-agrees']);
    expect(errorOutcome(markCorruption(new Error('damaged')))).toMatchObject({ kind: 'error', corruption: true });
    expect(errorOutcome(Object.assign(new Error('damaged'), { code: 'BLOB_CHECKSUM_MISMATCH' }))).not.toHaveProperty('corruption');
  });
});

describe('damaged bytes served under rot', () => {
  const damaged = record(1, { kind: 'get', key: 'alpha' }, { kind: 'ok', value: '40:deadbeef' }, 12, 14);

  it('are a corrupt read for a store that promises checksums', () => {
    expect(invariants([written, damaged], [rotAt(12)])).toEqual(['no-corrupt-reads']);
  });

  it('are not judged for a store without checksums, which promises nothing about them', () => {
    expect(invariants([written, damaged], [rotAt(12)], false)).toEqual([]);
    // Without rot they are what they always were: bytes no write put there.
    expect(invariants([written, damaged], [], false)).toEqual(['no-partial-visibility']);
  });

  it('leave intact reads judged as usual', () => {
    const intact = record(1, { kind: 'get', key: 'alpha' }, { kind: 'ok', value: valueFingerprint(put as Extract<BlobOp, { kind: 'put' }>) }, 12, 14);
    expect(invariants([written, intact], [rotAt(12)])).toEqual([]);
  });
});

describe('rotReached', () => {
  it('needs the rot before the read ended and no acknowledged replacement between them', () => {
    const read = { ...written, invokedAtStep: 20, completedAtStep: 25 };
    expect(rotReached(read, [rotAt(24)], [])).toBe(true);
    expect(rotReached(read, [rotAt(25)], [])).toBe(false);
    expect(rotReached(read, [rotAt(3)], [{ ...written, invokedAtStep: 4, completedAtStep: 20 }])).toBe(false);
    expect(rotReached(read, [rotAt(3)], [{ ...written, invokedAtStep: 4, completedAtStep: 21 }])).toBe(true);
    expect(rotReached(read, [rotAt(3)], [{ ...written, invokedAtStep: 4, completedAtStep: 20, outcome: { kind: 'error', code: 'EIO', message: 'EIO' } }])).toBe(true);
  });
});
