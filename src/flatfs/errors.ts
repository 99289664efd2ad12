/**
 * FlatStore's error family. Every error carries a stable `code` (`FLATFS_...`) so callers branch
 * on codes, not messages, and the guards below work across realms and package copies (a plain
 * `instanceof` fails when two copies of this module are loaded, e.g. by `--impl`).
 */

import { CORRUPTION_BRAND } from '../fs/errors.js';

export type FlatStoreErrorCode =
  | 'FLATFS_INVALID_KEY'
  | 'FLATFS_INVALID_OPTIONS'
  | 'FLATFS_SHARDING_MISSING'
  | 'FLATFS_SHARDING_INVALID'
  | 'FLATFS_SHARDING_MISMATCH'
  | 'FLATFS_BATCH_BUSY'
  | 'FLATFS_BATCH_WRITE_FAILED'
  | 'FLATFS_CLOSED'
  | 'FLATFS_CORRUPT';

/** Registered symbol: the same value in every realm, unlike a class identity. */
const BRAND = Symbol.for('crashsim.FlatStoreError');

export class FlatStoreError extends Error {
  override readonly name: string = 'FlatStoreError';
  readonly code: FlatStoreErrorCode;
  readonly [BRAND] = true;

  constructor(code: FlatStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A key outside the documented character set or length (see `validateKey`). */
export class InvalidKeyError extends FlatStoreError {
  override readonly name = 'InvalidKeyError';
  readonly key: string;

  constructor(key: string, rule: string) {
    super('FLATFS_INVALID_KEY', `FlatStore: invalid key ${JSON.stringify(key)}: ${rule}`);
    this.key = key;
  }
}

/** Options that cannot be honoured (an unknown shard function, a bad nonce...). */
export class InvalidOptionsError extends FlatStoreError {
  override readonly name = 'InvalidOptionsError';

  constructor(message: string) {
    super('FLATFS_INVALID_OPTIONS', message);
  }
}

/** The root has no SHARDING file: it is not a FlatStore, or its creation never completed. */
export class ShardingMissingError extends FlatStoreError {
  override readonly name = 'ShardingMissingError';

  constructor(root: string) {
    super(
      'FLATFS_SHARDING_MISSING',
      `openFlatStore: no SHARDING file in ${root}: it is not a FlatStore (or its creation was interrupted); ` +
        'use createFlatStore to create or finish creating it',
    );
  }
}

/** The SHARDING file exists but does not name a shard function this version understands. */
export class ShardingInvalidError extends FlatStoreError {
  override readonly name = 'ShardingInvalidError';

  constructor(root: string, content: string) {
    super(
      'FLATFS_SHARDING_INVALID',
      `openFlatStore: the SHARDING file in ${root} holds ${JSON.stringify(content)}, which is not ` +
        "'/repo/flatfs/shard/v1/<prefix|suffix|next-to-last>/<N>'; restore it or open another root",
    );
  }
}

/** The store on disk was created with another shard function than the one asked for. */
export class ShardingMismatchError extends FlatStoreError {
  override readonly name = 'ShardingMismatchError';
  readonly expected: string;
  readonly found: string;

  constructor(root: string, expected: string, found: string) {
    super(
      'FLATFS_SHARDING_MISMATCH',
      `FlatStore: ${root} is sharded by '${found}', not '${expected}'; open it with shard '${found}' ` +
        '(or omit shard to accept what is on disk)',
    );
    this.expected = expected;
    this.found = found;
  }
}

/** A batch was used while its commit or discard was running. */
export class BatchBusyError extends FlatStoreError {
  override readonly name = 'BatchBusyError';

  constructor(action: string) {
    super('FLATFS_BATCH_BUSY', `Batch.${action}: the batch is committing or discarding; await that first, then reuse it`);
  }
}

/** A put written in the background failed; the batch was discarded without applying anything. */
export class BatchWriteError extends FlatStoreError {
  override readonly name = 'BatchWriteError';

  constructor(cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('FLATFS_BATCH_WRITE_FAILED', `Batch.commit: a put could not be written (${reason}); nothing was applied, retry the batch`, {
      cause,
    });
  }
}

/** The store was closed. */
export class StoreClosedError extends FlatStoreError {
  override readonly name = 'StoreClosedError';

  constructor(action: string) {
    super('FLATFS_CLOSED', `FlatStore.${action}: the store is closed; open it again with openFlatStore`);
  }
}

/** True for any FlatStore error, from any realm or copy of this module. */
export function isFlatStoreError(error: unknown): error is FlatStoreError {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { [BRAND]?: unknown; code?: unknown };
  return candidate[BRAND] === true && typeof candidate.code === 'string' && candidate.code.startsWith('FLATFS_');
}

/** True when `error` is a FlatStore error with the given code. */
export function hasFlatStoreCode(error: unknown, code: FlatStoreErrorCode): boolean {
  return isFlatStoreError(error) && error.code === code;
}

export function isInvalidKeyError(error: unknown): error is InvalidKeyError {
  return hasFlatStoreCode(error, 'FLATFS_INVALID_KEY');
}

export function isShardingMismatchError(error: unknown): error is ShardingMismatchError {
  return hasFlatStoreCode(error, 'FLATFS_SHARDING_MISMATCH');
}

/**
 * A file of the store fails its checksum (a value file, or the SHARDING file): the disk damaged
 * it, since every file is published complete by a rename. Nothing wrong is returned; restore the
 * file (or the key) from a replica or backup.
 */
export class FlatStoreCorruptError extends FlatStoreError {
  override readonly name = 'FlatStoreCorruptError';
  readonly path: string;
  readonly [CORRUPTION_BRAND] = true;

  constructor(path: string, detail: string) {
    super('FLATFS_CORRUPT', `FlatStore: ${path} is corrupt: ${detail}; restore it from a replica or backup`);
    this.path = path;
  }
}
