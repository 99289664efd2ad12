/** The blob store: public names only (FileBlobStore and its opener stay internal to crashsim). */
export { openBlobStore } from './open.js';
export type { BlobStore, PutOptions } from './types.js';
export type { BlobStoreOptions, FsyncMode } from './options.js';
export {
  AlreadyExistsError,
  BlobStoreError,
  ChecksumMismatchError,
  InvalidKeyError,
  NotFoundError,
  RangeOutOfBoundsError,
  StoreClosedError,
  isBlobStoreError,
} from './errors.js';
export type { BlobStoreErrorCode } from './errors.js';
export { KEY_BYTES_MAX } from './keys.js';
