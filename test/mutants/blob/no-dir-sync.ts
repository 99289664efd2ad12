import type { BlobStore } from '../../../src/blob/index.js';
import { FileBlobStore } from '../../../src/blob/file-blob-store.js';
import { openFileBlobStore } from '../../../src/blob/open.js';
import type { FileSystem } from '../../../src/fs/types.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { BLOB_SCENARIO_OPTIONS } from '../../../scenarios/blob/index.js';

/**
 * Mutant: put renames the temp file over the blob but never syncs the parent directory. The call
 * is acknowledged while the rename is only in memory; a crash rolls the blob back to its previous
 * value (or to absent), breaking acknowledged durability.
 */
class NoDirSyncBlobStore extends FileBlobStore {
  protected override async publishReplace(temp: string, final: string): Promise<void> {
    await this.fs.rename(temp, final);
    // The bug: no syncDir(dir).
  }
}

const factory: SystemFactory<BlobStore> = (fs: FileSystem, root: string) =>
  openFileBlobStore(NoDirSyncBlobStore, fs, root, BLOB_SCENARIO_OPTIONS);
export default factory;
