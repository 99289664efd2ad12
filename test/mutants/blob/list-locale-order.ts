import type { BlobStore } from '../../../src/blob/index.js';
import { FileBlobStore } from '../../../src/blob/file-blob-store.js';
import { openFileBlobStore } from '../../../src/blob/open.js';
import type { FileSystem } from '../../../src/fs/types.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { BLOB_SCENARIO_OPTIONS } from '../../../scenarios/blob/index.js';

/**
 * Mutant: list sorts its keys with `localeCompare` ("human order"), where the contract promises
 * the default string order (UTF-16 code units): 'Beta' then 'alpha' becomes 'alpha' then 'Beta'.
 * The same keys come back, so only a check of the order sees it.
 */
class ListLocaleOrderBlobStore extends FileBlobStore {
  override async list(prefix = ''): Promise<string[]> {
    const keys = await super.list(prefix);
    // The bug: a locale's collation instead of code-unit order.
    return keys.sort((a, b) => a.localeCompare(b, 'en'));
  }
}

const factory: SystemFactory<BlobStore> = (fs: FileSystem, root: string) =>
  openFileBlobStore(ListLocaleOrderBlobStore, fs, root, BLOB_SCENARIO_OPTIONS);
export default factory;
