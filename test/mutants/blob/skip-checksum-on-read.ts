import type { BlobStore } from '../../../src/blob/index.js';
import { NotFoundError } from '../../../src/blob/index.js';
import { FileBlobStore } from '../../../src/blob/file-blob-store.js';
import { isMissing } from '../../../src/blob/file-io.js';
import { HEADER_SIZE_BYTES, decodeHeader } from '../../../src/blob/format.js';
import { prefixDirsFor, validateKey } from '../../../src/blob/keys.js';
import { openFileBlobStore } from '../../../src/blob/open.js';
import { join } from '../../../src/fs/path.js';
import type { FileSystem } from '../../../src/fs/types.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { BLOB_SCENARIO_OPTIONS } from '../../../scenarios/blob/index.js';

/**
 * Mutant: get checks the header (magic, recorded length) but never verifies the data's checksum
 * ("the disk has its own ECC"). Torn or short files are still refused by the length check, so
 * crashes alone do not show it; a bit flipped in durable data is served as if it were the value.
 * Needs `--faults bitflip...` to show.
 */
class SkipChecksumOnReadBlobStore extends FileBlobStore {
  override async get(key: string): Promise<Uint8Array> {
    validateKey(key);
    let dir = this.root;
    for (const name of prefixDirsFor(key, this.options.hashPrefixDirs)) dir = join(dir, name);
    let file: Uint8Array;
    try {
      file = await this.fs.readFile(join(dir, key));
    } catch (error) {
      if (isMissing(error)) throw new NotFoundError(key);
      throw error;
    }
    decodeHeader(key, file.subarray(0, HEADER_SIZE_BYTES), file.length);
    // The bug: no verifyChecksum(key, header, crc(data)).
    return new Uint8Array(file.buffer, file.byteOffset + HEADER_SIZE_BYTES, file.length - HEADER_SIZE_BYTES);
  }
}

const factory: SystemFactory<BlobStore> = (fs: FileSystem, root: string) =>
  openFileBlobStore(SkipChecksumOnReadBlobStore, fs, root, BLOB_SCENARIO_OPTIONS);
export default factory;
