/**
 * Errors of the MVCC store. Each carries a stable `code` (what callers branch on) and a message
 * that says what was wrong and what to do. Guards check `code`, not the prototype, so they work
 * across realms and across copies of this package.
 */

import { CORRUPTION_BRAND } from '../fs/errors.js';

export type MvccErrorCode =
  | 'MVCC_WRITE_CONFLICT'
  | 'MVCC_READ_TS_COMPACTED'
  | 'MVCC_INVALID_ARGUMENT'
  | 'MVCC_CLOSED'
  | 'MVCC_FAILED'
  | 'MVCC_CORRUPT';

/** The base of every error the store raises on purpose. */
export class MvccError extends Error {
  override readonly name: string = 'MvccError';
  readonly code: MvccErrorCode;

  // `{ cause }` spelled out rather than lib's ErrorOptions, so the published types also check
  // in projects whose lib is older than ES2022.
  constructor(code: MvccErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * A transaction lost a write-write conflict: `key` has a version committed after the
 * transaction's start timestamp. Nothing was written; retry with a fresh start timestamp.
 */
export class WriteConflictError extends MvccError {
  override readonly name = 'WriteConflictError';
  readonly key: string;
  readonly startTs: number;
  readonly conflictingCommitTs: number;

  constructor(key: string, startTs: number, conflictingCommitTs: number) {
    super(
      'MVCC_WRITE_CONFLICT',
      `write conflict on key ${JSON.stringify(key)}: it was committed at ${conflictingCommitTs}, after the transaction's start timestamp ${startTs}; nothing was written, retry the transaction with a newer start timestamp`,
    );
    this.key = key;
    this.startTs = startTs;
    this.conflictingCommitTs = conflictingCommitTs;
  }
}

/** A read asked for a timestamp below the compaction watermark, where history is gone. */
export class ReadTsCompactedError extends MvccError {
  override readonly name = 'ReadTsCompactedError';
  readonly readTs: number;
  readonly minRetainedTs: number;

  constructor(readTs: number, minRetainedTs: number) {
    super(
      'MVCC_READ_TS_COMPACTED',
      `read timestamp ${readTs} is below the compaction watermark ${minRetainedTs}: versions older than the watermark were removed; read at ${minRetainedTs} or later`,
    );
    this.readTs = readTs;
    this.minRetainedTs = minRetainedTs;
  }
}

/** A caller broke an argument rule (a timestamp that is not a safe integer, commitTs <= startTs...). */
export class MvccArgumentError extends MvccError {
  override readonly name = 'MvccArgumentError';

  constructor(where: string, rule: string) {
    super('MVCC_INVALID_ARGUMENT', `MvccStore.${where}: ${rule}`);
  }
}

/** The store was closed; open it again. */
export class MvccClosedError extends MvccError {
  override readonly name = 'MvccClosedError';

  constructor(root: string) {
    super('MVCC_CLOSED', `MVCC store in '${root}' is closed; open it again to use it`);
  }
}

/**
 * A write to the log failed, so what is on disk is unknown (a failed fsync may have dropped
 * data). Every later write fails with this error; close the store and reopen it to recover from
 * what really reached the disk. Writes in flight when it happened may or may not be durable.
 */
export class MvccFailedError extends MvccError {
  override readonly name = 'MvccFailedError';

  constructor(root: string, cause: unknown) {
    super('MVCC_FAILED', `MVCC store in '${root}' stopped accepting writes after an I/O failure (${describe(cause)}); close it and reopen it to recover`, { cause });
  }
}

/** The checkpoint or a log record holds something no crash can explain. */
export class MvccCorruptionError extends MvccError {
  override readonly name = 'MvccCorruptionError';
  readonly [CORRUPTION_BRAND] = true;

  constructor(root: string, detail: string) {
    super('MVCC_CORRUPT', `MVCC store in '${root}' is corrupt: ${detail}. Restore it from a replica or a backup; do not edit its files by hand.`);
  }
}

function hasCode(error: unknown, code: MvccErrorCode): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/** True for any MvccError, from any realm. */
export function isMvccError(error: unknown): error is MvccError {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { code?: unknown; message?: unknown };
  return typeof candidate.code === 'string' && candidate.code.startsWith('MVCC_') && typeof candidate.message === 'string';
}

export function isWriteConflictError(error: unknown): error is WriteConflictError {
  return hasCode(error, 'MVCC_WRITE_CONFLICT');
}

export function isReadTsCompactedError(error: unknown): error is ReadTsCompactedError {
  return hasCode(error, 'MVCC_READ_TS_COMPACTED');
}

export function isMvccClosedError(error: unknown): error is MvccClosedError {
  return hasCode(error, 'MVCC_CLOSED');
}

export function isMvccFailedError(error: unknown): error is MvccFailedError {
  return hasCode(error, 'MVCC_FAILED');
}

export function isMvccCorruptionError(error: unknown): error is MvccCorruptionError {
  return hasCode(error, 'MVCC_CORRUPT');
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
