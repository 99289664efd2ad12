import type { BlobStore } from '../../../src/blob/index.js';
import { FileBlobStore } from '../../../src/blob/file-blob-store.js';
import { openFileBlobStore } from '../../../src/blob/open.js';
import type { FileSystem } from '../../../src/fs/types.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { BLOB_SCENARIO_OPTIONS } from '../../../scenarios/blob/index.js';

/**
 * Mutant: opening the store does not sweep temp files. Every crash in the middle of a put leaks
 * its temp file forever (disk space, and directory listings that grow without bound).
 */
class NoTempSweepBlobStore extends FileBlobStore {
  override async sweepTemps(): Promise<void> {
    // The bug: nothing.
  }
}

const factory: SystemFactory<BlobStore> = (fs: FileSystem, root: string) =>
  openFileBlobStore(NoTempSweepBlobStore, fs, root, BLOB_SCENARIO_OPTIONS);
export default factory;
