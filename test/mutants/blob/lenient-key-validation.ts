import type { BlobStore } from '../../../src/blob/index.js';
import { InvalidKeyError } from '../../../src/blob/index.js';
import { FileBlobStore } from '../../../src/blob/file-blob-store.js';
import { openFileBlobStore } from '../../../src/blob/open.js';
import type { FileSystem } from '../../../src/fs/types.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { BLOB_SCENARIO_OPTIONS } from '../../../scenarios/blob/index.js';

/**
 * Mutant: keys are checked only for being non-empty and having no '/' ("then it is one path
 * component"). '.', '..', '.tmp-*' names, control characters, backslashes, lone surrogates and
 * overlong keys all reach the disk: a key can name the root's own directory entries or the
 * store's temp files. Only a workload that tries such keys sees it.
 */
class LenientKeyValidationBlobStore extends FileBlobStore {
  protected override checkKey(key: string): void {
    // The bug: two of the naming rules instead of all of them.
    if (key.length === 0 || key.includes('/')) throw new InvalidKeyError(key, "a key must be non-empty and contain no '/'");
  }
}

const factory: SystemFactory<BlobStore> = (fs: FileSystem, root: string) =>
  openFileBlobStore(LenientKeyValidationBlobStore, fs, root, BLOB_SCENARIO_OPTIONS);
export default factory;
