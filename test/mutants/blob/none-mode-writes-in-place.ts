import type { BlobStore } from '../../../src/blob/index.js';
import { FileBlobStore } from '../../../src/blob/file-blob-store.js';
import { openFileBlobStore } from '../../../src/blob/open.js';
import { writeAll } from '../../../src/fs/durable.js';
import type { FileSystem } from '../../../src/fs/types.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { BLOB_FSYNC_NONE_OPTIONS } from '../../../scenarios/blob-fsync-none/index.js';

/**
 * Mutant: with fsyncMode 'none' a put writes the blob in place ("no syncs, so no crash safety
 * anyway: skip the temp file and the rename"). But 'none' still promises atomicity for concurrent
 * readers: a get that runs while the file is being rewritten finds it truncated or half written.
 * Only a scenario that opens the store without syncs shows it.
 */
class NoneModeWritesInPlaceBlobStore extends FileBlobStore {
  override async put(key: string, data: Uint8Array, options: { overwrite?: boolean } = {}): Promise<void> {
    if (this.options.fsyncMode !== 'none' || options.overwrite === false) return super.put(key, data, options);
    this.checkKey(key);
    // The bug: the final name is opened with 'w' (truncating) and written in place.
    const handle = await this.fs.open(`${this.root}/${key}`, 'w');
    try {
      await writeAll(handle, this.encode(data, 'replace'));
    } finally {
      await handle.close();
    }
  }
}

const factory: SystemFactory<BlobStore> = (fs: FileSystem, root: string) =>
  openFileBlobStore(NoneModeWritesInPlaceBlobStore, fs, root, BLOB_FSYNC_NONE_OPTIONS);
export default factory;
