import type { BlobStore } from '../../../src/blob/index.js';
import { FileBlobStore } from '../../../src/blob/file-blob-store.js';
import { openFileBlobStore } from '../../../src/blob/open.js';
import type { FileSystem } from '../../../src/fs/types.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { BLOB_SCENARIO_OPTIONS } from '../../../scenarios/blob/index.js';

/**
 * Mutant: the temp file is never synced before the rename that publishes it. The directory sync
 * makes the name durable while the bytes may still be in the page cache, so a crash leaves the
 * final name pointing at an empty, short or torn file (found as a checksum mismatch).
 */
class NoFileSyncBlobStore extends FileBlobStore {
  protected override async syncFile(): Promise<void> {
    // The bug: nothing.
  }
}

const factory: SystemFactory<BlobStore> = (fs: FileSystem, root: string) =>
  openFileBlobStore(NoFileSyncBlobStore, fs, root, BLOB_SCENARIO_OPTIONS);
export default factory;
