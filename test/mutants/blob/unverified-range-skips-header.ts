import type { BlobStore } from '../../../src/blob/index.js';
import { NotFoundError, RangeOutOfBoundsError } from '../../../src/blob/index.js';
import { FileBlobStore } from '../../../src/blob/file-blob-store.js';
import { isMissing } from '../../../src/blob/file-io.js';
import { HEADER_SIZE_BYTES, decodeHeader } from '../../../src/blob/format.js';
import { prefixDirsFor } from '../../../src/blob/keys.js';
import { openFileBlobStore } from '../../../src/blob/open.js';
import { closeQuietly, readAt } from '../../../src/fs/durable.js';
import { join } from '../../../src/fs/path.js';
import type { FileHandle, FileSystem } from '../../../src/fs/types.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { BLOB_FSYNC_DATA_OPTIONS } from '../../../scenarios/blob-fsync-data/index.js';

/**
 * Mutant: getRange on a store with `checksums: false` reads the range straight from the file at
 * `offset`, forgetting the header in front of the data (the verified path, taken with checksums
 * on, is right). Ranges come back shifted into the header. Only ranged reads on a store opened
 * without checksums show it.
 */
class UnverifiedRangeSkipsHeaderBlobStore extends FileBlobStore {
  override async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    if (this.options.checksums) return super.getRange(key, offset, length);
    this.checkKey(key);
    let dir = this.root;
    for (const name of prefixDirsFor(key, this.options.hashPrefixDirs)) dir = join(dir, name);
    let handle: FileHandle;
    try {
      handle = await this.fs.open(join(dir, key), 'r');
    } catch (error) {
      if (isMissing(error)) throw new NotFoundError(key);
      throw error;
    }
    try {
      const { size } = await handle.stat();
      const header = decodeHeader(key, await readAt(handle, 0, HEADER_SIZE_BYTES), size);
      if (offset + length > header.dataLengthBytes) throw new RangeOutOfBoundsError(key, offset, length, header.dataLengthBytes);
      // The bug: the data starts at HEADER_SIZE_BYTES, not at 0.
      return await readAt(handle, offset, length);
    } finally {
      await closeQuietly(handle);
    }
  }
}

const factory: SystemFactory<BlobStore> = (fs: FileSystem, root: string) =>
  openFileBlobStore(UnverifiedRangeSkipsHeaderBlobStore, fs, root, BLOB_FSYNC_DATA_OPTIONS);
export default factory;
