/**
 * The BlobStore contract: named, immutable-until-replaced byte strings in one directory tree.
 *
 * Every mutating call is atomic for concurrent readers (a reader sees the old bytes or the new
 * ones, never a mix) and, with the default `fsyncMode: 'full'`, durable once it resolves. Calls
 * may overlap freely. Errors are BlobStoreError subclasses (see errors.ts) or, for disk failures,
 * the filesystem's own error; a rejected call acknowledges nothing.
 */

export interface PutOptions {
  /** Replace an existing blob (default true). When false, an existing key is an AlreadyExistsError. */
  overwrite?: boolean;
}

export interface BlobStore {
  /** Stores `data` under `key`, replacing any previous blob unless `overwrite` is false. */
  put(key: string, data: Uint8Array, options?: PutOptions): Promise<void>;
  /**
   * Stores `data` only if `key` has no blob. Among concurrent callers exactly one wins; the others
   * reject with AlreadyExistsError, and by then the winner's blob is as durable as a put.
   */
  putIfAbsent(key: string, data: Uint8Array): Promise<void>;
  /** The whole blob, verified against its checksum. NotFoundError if absent. */
  get(key: string): Promise<Uint8Array>;
  /**
   * `length` bytes from `offset`. RangeOutOfBoundsError if the range does not fit the blob. With
   * checksums on, the whole blob is read to verify it (a range cannot be verified alone).
   */
  getRange(key: string, offset: number, length: number): Promise<Uint8Array>;
  /** Whether `key` names a blob now (its bytes are not read or verified). */
  has(key: string): Promise<boolean>;
  /** Removes `key`; a missing key is fine. Durable once it resolves (fsyncMode full or data). */
  delete(key: string): Promise<void>;
  /** Keys starting with `prefix` (default all), sorted; never temp files. */
  list(prefix?: string): Promise<string[]>;
  /** Stops accepting calls; later calls reject with StoreClosedError. */
  close(): Promise<void>;
}
