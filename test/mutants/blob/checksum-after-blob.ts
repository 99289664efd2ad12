import type { BlobStore } from '../../../src/blob/index.js';
import { FileBlobStore } from '../../../src/blob/file-blob-store.js';
import type { PublishPurpose } from '../../../src/blob/file-blob-store.js';
import { writeAll } from '../../../src/fs/durable.js';
import { HEADER_SIZE_BYTES, encodeHeader } from '../../../src/blob/format.js';
import { openFileBlobStore } from '../../../src/blob/open.js';
import type { FileSystem } from '../../../src/fs/types.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { BLOB_SCENARIO_OPTIONS } from '../../../scenarios/blob/index.js';

/**
 * Mutant: the blob is published before its checksum. This is the ordering bug of a separate
 * `<blob>.sum` sidecar written after the blob, transposed to this store's format (the checksum
 * lives in the blob's header): put renames a file whose checksum field is still a placeholder,
 * then writes the real checksum into the published file and syncs it. A reader in between, or a
 * crash in between, sees a blob whose checksum disagrees with its bytes.
 */
const CHECKSUM_OFFSET = 16;

class ChecksumAfterBlobStore extends FileBlobStore {
  protected override encode(data: Uint8Array, purpose: PublishPurpose): Uint8Array {
    const file = super.encode(data, purpose);
    if (purpose === 'replace') file.fill(0, CHECKSUM_OFFSET, HEADER_SIZE_BYTES); // "not computed yet"
    return file;
  }

  protected override async publishReplace(temp: string, final: string, dir: string): Promise<void> {
    const file = await this.fs.readFile(temp);
    const header = encodeHeader(file.subarray(HEADER_SIZE_BYTES), this.options.checksums);
    await super.publishReplace(temp, final, dir);
    // The bug: the checksum is recorded only now, in the already visible (and durable) blob.
    const handle = await this.fs.open(final, 'r+');
    try {
      await writeAll(handle, header, 0);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

const factory: SystemFactory<BlobStore> = (fs: FileSystem, root: string) =>
  openFileBlobStore(ChecksumAfterBlobStore, fs, root, BLOB_SCENARIO_OPTIONS);
export default factory;
