/**
 * Errors of the write-ahead log. Each says what was found and what the operator can do: a log
 * that refuses to open is better than one that silently drops acknowledged entries.
 */

import { CORRUPTION_BRAND } from '../fs/errors.js';

/**
 * The log's files contain damage that no crash can explain (a bad frame in a sealed segment, a
 * gap between segments, a missing or unreadable metadata record). Opening refuses rather than
 * guessing, because guessing would silently drop or reorder acknowledged entries.
 */
export class CorruptLogError extends Error {
  override readonly name = 'CorruptLogError';
  readonly dir: string;
  readonly [CORRUPTION_BRAND] = true;

  constructor(dir: string, detail: string) {
    super(`write-ahead log in '${dir}' is corrupt: ${detail}. Restore the directory from a replica or backup; do not delete files by hand.`);
    this.dir = dir;
  }
}

/**
 * A write or sync of the log failed earlier, so its on-disk tail is unknown (after a failed fsync
 * the kernel may have dropped the dirty data). Every later call fails with this error; reopen the
 * log to recover from what is really on disk.
 */
export class LogFailedError extends Error {
  override readonly name = 'LogFailedError';

  constructor(dir: string, cause: unknown) {
    super(`write-ahead log in '${dir}' is unusable after an I/O failure (${describe(cause)}); close it and reopen it to recover`, { cause });
  }
}

/** The log was closed; open it again to use it. */
export class LogClosedError extends Error {
  override readonly name = 'LogClosedError';

  constructor(dir: string) {
    super(`write-ahead log in '${dir}' is closed; open it again to use it`);
  }
}

/** True for a CorruptLogError from any realm (checks the name, not the prototype). */
export function isCorruptLogError(error: unknown): error is CorruptLogError {
  return error instanceof Error && error.name === 'CorruptLogError';
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
