import type { BlobStore } from '../../../src/blob/index.js';
import { FileBlobStore } from '../../../src/blob/file-blob-store.js';
import { openFileBlobStore } from '../../../src/blob/open.js';
import { join } from '../../../src/fs/path.js';
import type { FileSystem } from '../../../src/fs/types.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { BLOB_FSYNC_DATA_OPTIONS } from '../../../scenarios/blob-fsync-data/index.js';

/**
 * Mutant: the blob directories are found by walking one level of hash-prefix directories,
 * whatever `hashPrefixDirs` says (the store was first written with one level). With two levels,
 * list() shows the second-level directory names as keys and misses every blob, and the open-time
 * sweep never finds a temp file. Only a store opened with two or more levels shows it.
 */
class ListWalksOneLevelBlobStore extends FileBlobStore {
  protected override async blobDirectories(): Promise<string[]> {
    if (this.options.hashPrefixDirs === 0) return [this.root];
    const dirs: string[] = [];
    // The bug: one level, not this.options.hashPrefixDirs of them.
    for (const name of (await this.fs.readdir(this.root)).sort()) {
      if (/^[0-9a-f]{2}$/.test(name)) dirs.push(join(this.root, name));
    }
    return dirs;
  }
}

const factory: SystemFactory<BlobStore> = (fs: FileSystem, root: string) =>
  openFileBlobStore(ListWalksOneLevelBlobStore, fs, root, BLOB_FSYNC_DATA_OPTIONS);
export default factory;
