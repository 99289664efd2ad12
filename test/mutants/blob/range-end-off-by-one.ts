import type { BlobStore } from '../../../src/blob/index.js';
import { RangeOutOfBoundsError } from '../../../src/blob/index.js';
import { FileBlobStore } from '../../../src/blob/file-blob-store.js';
import { openFileBlobStore } from '../../../src/blob/open.js';
import type { FileSystem } from '../../../src/fs/types.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { BLOB_SCENARIO_OPTIONS } from '../../../scenarios/blob/index.js';

/**
 * Mutant: getRange reads the verified blob and slices it, but its bounds check is off by one
 * (`>=` for `>`): a range that ends exactly at the blob's last byte, the whole blob included, is
 * refused as out of bounds. Only reads of ranges at the edges of a blob show it.
 */
class RangeEndOffByOneBlobStore extends FileBlobStore {
  override async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    const data = await this.get(key);
    // The bug: `>=` where the range [offset, offset + length) fits when offset + length <= size.
    if (offset + length >= data.length) throw new RangeOutOfBoundsError(key, offset, length, data.length);
    return data.slice(offset, offset + length);
  }
}

const factory: SystemFactory<BlobStore> = (fs: FileSystem, root: string) =>
  openFileBlobStore(RangeEndOffByOneBlobStore, fs, root, BLOB_SCENARIO_OPTIONS);
export default factory;
