import type { BlobStore } from '../../../src/blob/index.js';
import { FileBlobStore } from '../../../src/blob/file-blob-store.js';
import { openFileBlobStore } from '../../../src/blob/open.js';
import type { FileHandle, FileSystem } from '../../../src/fs/types.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { BLOB_SCENARIO_OPTIONS } from '../../../scenarios/blob/index.js';

/**
 * Mutant: a failed fsync of the temp file is retried, and the retry's success is taken as
 * "durable" (PostgreSQL's bug before 2018, "fsyncgate"). On Linux a failed fsync has already
 * dropped the dirty pages and marked them clean, so the retry succeeds with nothing written: the
 * put is acknowledged and published over a file whose bytes were never on disk, and a crash
 * leaves the key naming an empty or stale file. Needs `--faults eio-sync:...` to show.
 */
class RetryFailedSyncBlobStore extends FileBlobStore {
  protected override async syncFile(handle: FileHandle): Promise<void> {
    try {
      await super.syncFile(handle);
    } catch {
      // The bug: "transient error, try again".
      await super.syncFile(handle);
    }
  }
}

const factory: SystemFactory<BlobStore> = (fs: FileSystem, root: string) =>
  openFileBlobStore(RetryFailedSyncBlobStore, fs, root, BLOB_SCENARIO_OPTIONS);
export default factory;
