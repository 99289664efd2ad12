import type { BlobStore } from '../../../src/blob/index.js';
import { NotFoundError } from '../../../src/blob/index.js';
import { FileBlobStore } from '../../../src/blob/file-blob-store.js';
import { openFileBlobStore } from '../../../src/blob/open.js';
import type { FileSystem } from '../../../src/fs/types.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { BLOB_SCENARIO_OPTIONS } from '../../../scenarios/blob/index.js';

/**
 * Mutant: delete of a key that has no blob rejects with NotFoundError ("tell the caller nothing
 * was there"), where the contract says a missing key is fine. Nothing on disk is wrong, so no
 * state check sees it; only the rule that every error must be a documented one does.
 */
class DeleteMissingRejectsBlobStore extends FileBlobStore {
  override async delete(key: string): Promise<void> {
    // The bug: absence is an error.
    if (!(await this.has(key))) throw new NotFoundError(key);
    await super.delete(key);
  }
}

const factory: SystemFactory<BlobStore> = (fs: FileSystem, root: string) =>
  openFileBlobStore(DeleteMissingRejectsBlobStore, fs, root, BLOB_SCENARIO_OPTIONS);
export default factory;
