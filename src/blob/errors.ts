/**
 * The blob store's error family. Every error carries a stable `code` so callers (and the
 * simulator's history, which records codes) can tell a lost race from corruption without parsing
 * messages. `isBlobStoreError` works across realms and package copies, unlike `instanceof`.
 */

import { CORRUPTION_BRAND } from '../fs/errors.js';

/** The closed set of codes a BlobStore rejects with (besides raw filesystem errors). */
export type BlobStoreErrorCode =
  | 'BLOB_INVALID_KEY'
  | 'BLOB_ALREADY_EXISTS'
  | 'BLOB_NOT_FOUND'
  | 'BLOB_CHECKSUM_MISMATCH'
  | 'BLOB_RANGE_OUT_OF_BOUNDS'
  | 'BLOB_STORE_CLOSED';

/** Marks the family without relying on class identity (another realm has other classes). */
const BLOB_STORE_ERROR_MARK = Symbol.for('crashsim.BlobStoreError');

export class BlobStoreError extends Error {
  override readonly name: string = 'BlobStoreError';
  readonly code: BlobStoreErrorCode;
  /** The key the operation was about, when there was one. */
  readonly key: string | undefined;
  readonly [BLOB_STORE_ERROR_MARK] = true;

  constructor(code: BlobStoreErrorCode, message: string, key?: string) {
    super(message);
    this.code = code;
    this.key = key;
  }
}

/** The key breaks a naming rule; nothing touched the disk. */
export class InvalidKeyError extends BlobStoreError {
  override readonly name = 'InvalidKeyError';
  constructor(key: unknown, rule: string) {
    super('BLOB_INVALID_KEY', `invalid blob key ${describeKey(key)}: ${rule}`, typeof key === 'string' ? key : undefined);
  }
}

/** `put(..., { overwrite: false })` or `putIfAbsent` found the key taken. */
export class AlreadyExistsError extends BlobStoreError {
  override readonly name = 'AlreadyExistsError';
  constructor(key: string) {
    super('BLOB_ALREADY_EXISTS', `blob '${key}' already exists; delete it first or put with { overwrite: true }`, key);
  }
}

export class NotFoundError extends BlobStoreError {
  override readonly name = 'NotFoundError';
  constructor(key: string) {
    super('BLOB_NOT_FOUND', `blob '${key}' not found`, key);
  }
}

/**
 * The stored bytes disagree with their recorded checksum or length: the file is torn or corrupt.
 * The store never returns such bytes; restore the blob from elsewhere or delete it.
 */
export class ChecksumMismatchError extends BlobStoreError {
  override readonly name = 'ChecksumMismatchError';
  readonly [CORRUPTION_BRAND] = true;
  constructor(key: string, detail: string) {
    super('BLOB_CHECKSUM_MISMATCH', `blob '${key}' is corrupt (${detail}); its bytes are not returned, restore or delete it`, key);
  }
}

export class RangeOutOfBoundsError extends BlobStoreError {
  override readonly name = 'RangeOutOfBoundsError';
  constructor(key: string, offset: number, length: number, size: number) {
    super(
      'BLOB_RANGE_OUT_OF_BOUNDS',
      `range [${offset}, ${offset + length}) of blob '${key}' is outside its ${size} bytes; ask for a range within [0, ${size})`,
      key,
    );
  }
}

/** The store was closed; open a new one. */
export class StoreClosedError extends BlobStoreError {
  override readonly name = 'StoreClosedError';
  constructor(operation: string) {
    super('BLOB_STORE_CLOSED', `BlobStore.${operation}: the store is closed; open a new one with openBlobStore`);
  }
}

/** True for any blob store error, optionally with the given code; works across realms. */
export function isBlobStoreError(error: unknown, code?: BlobStoreErrorCode): error is BlobStoreError {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { [BLOB_STORE_ERROR_MARK]?: unknown; code?: unknown };
  if (candidate[BLOB_STORE_ERROR_MARK] !== true || typeof candidate.code !== 'string') return false;
  return code === undefined || candidate.code === code;
}

function describeKey(key: unknown): string {
  if (typeof key !== 'string') return `of type ${typeof key}`;
  const shown = key.length > 40 ? `${key.slice(0, 40)}...` : key;
  return JSON.stringify(shown);
}
