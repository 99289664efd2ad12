/**
 * How a BlobStore trades speed for crash safety, and how it lays files out.
 */

/**
 * When the store calls fsync.
 * - `full` (default): the temp file is `sync()`ed before it is published and the directory is
 *   synced after every rename, link, unlink and mkdir. An operation that resolved survives a
 *   crash (power loss, kernel panic), and nothing partial is ever visible.
 * - `data`: as `full`, but the temp file is `datasync()`ed (fdatasync: data and size, not other
 *   metadata such as timestamps). Same guarantees for the blob's bytes and names; cheaper on some
 *   filesystems. Directories are still synced.
 * - `none`: no syncs at all. Fast, and still atomic against concurrent readers and against a
 *   process crash (kill -9), but after a power loss or kernel crash ANY acknowledged put or delete
 *   may be lost or rolled back to an older value, and a blob published by a rename may survive
 *   without its data: `get` then fails with ChecksumMismatch (never returns bad bytes) while
 *   `has` and `list` still show the key.
 */
export type FsyncMode = 'full' | 'data' | 'none';

export interface BlobStoreOptions {
  /** See FsyncMode. Default `full`. */
  fsyncMode?: FsyncMode;
  /**
   * Record a CRC-32 of each blob and verify it on every read (a mismatch is a
   * ChecksumMismatchError, never silent bad data). Default true. When false the recorded length is
   * still checked (a damaged header is still refused), but bytes of a blob's data that the medium
   * damaged after they were written (a flipped bit, rot) are served as they are: nothing promises
   * they are the bytes put there. Blobs written either way stay readable by stores opened either way.
   */
  checksums?: boolean;
  /**
   * Levels of two-hex-digit directories, taken from a hash of the key, under which blobs live
   * (`root/3f/a0/key` for 2), so that no directory grows huge. 0 (flat, the default) to 3. A
   * store must always be reopened with the value it was created with: keys are looked up only
   * where this value puts them.
   */
  hashPrefixDirs?: number;
}

export interface ResolvedBlobStoreOptions {
  readonly fsyncMode: FsyncMode;
  readonly checksums: boolean;
  readonly hashPrefixDirs: number;
}

export const HASH_PREFIX_DIRS_MAX = 3;

/** Applies defaults and rejects nonsense with a message naming the option and the rule. */
export function resolveOptions(options: BlobStoreOptions = {}): ResolvedBlobStoreOptions {
  const fsyncMode = options.fsyncMode ?? 'full';
  if (fsyncMode !== 'full' && fsyncMode !== 'data' && fsyncMode !== 'none') {
    throw new TypeError(`openBlobStore: fsyncMode must be 'full', 'data' or 'none', got ${JSON.stringify(fsyncMode)}`);
  }
  const checksums = options.checksums ?? true;
  if (typeof checksums !== 'boolean') {
    throw new TypeError(`openBlobStore: checksums must be a boolean, got ${typeof checksums}`);
  }
  const hashPrefixDirs = options.hashPrefixDirs ?? 0;
  if (!Number.isInteger(hashPrefixDirs) || hashPrefixDirs < 0 || hashPrefixDirs > HASH_PREFIX_DIRS_MAX) {
    throw new RangeError(`openBlobStore: hashPrefixDirs must be an integer from 0 to ${HASH_PREFIX_DIRS_MAX}, got ${String(hashPrefixDirs)}`);
  }
  return { fsyncMode, checksums, hashPrefixDirs };
}
