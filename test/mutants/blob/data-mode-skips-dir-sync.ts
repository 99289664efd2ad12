import type { BlobStore } from '../../../src/blob/index.js';
import { FileBlobStore } from '../../../src/blob/file-blob-store.js';
import { openFileBlobStore } from '../../../src/blob/open.js';
import type { FileSystem } from '../../../src/fs/types.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { BLOB_FSYNC_DATA_OPTIONS } from '../../../scenarios/blob-fsync-data/index.js';

/**
 * Mutant: fsyncMode 'data' read as "sync the data, skip the directory fsync" (what some stores
 * call data mode), where this store's contract keeps directory syncs in data mode and promises
 * the same durability as full. An acknowledged put or delete is rolled back by a crash. Only a
 * scenario that opens the store in data mode sees it.
 */
class DataModeSkipsDirSyncBlobStore extends FileBlobStore {
  protected override async syncDir(dir: string): Promise<void> {
    // The bug: data mode skips directory syncs.
    if (this.options.fsyncMode === 'data') return;
    await super.syncDir(dir);
  }
}

const factory: SystemFactory<BlobStore> = (fs: FileSystem, root: string) =>
  openFileBlobStore(DataModeSkipsDirSyncBlobStore, fs, root, BLOB_FSYNC_DATA_OPTIONS);
export default factory;
