import type { BlobStore } from '../../../src/blob/index.js';
import { FileBlobStore } from '../../../src/blob/file-blob-store.js';
import { openFileBlobStore } from '../../../src/blob/open.js';
import { TEMP_PREFIX } from '../../../src/blob/keys.js';
import { join } from '../../../src/fs/path.js';
import type { FileHandle, FileSystem } from '../../../src/fs/types.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { BLOB_SCENARIO_OPTIONS } from '../../../scenarios/blob/index.js';

/**
 * Mutant: every put of a key uses the same temp name, opened with 'w' (truncate) instead of 'wx'.
 * Two concurrent puts of one key write into the same inode: one truncates what the other is about
 * to rename, so the published blob is empty, a mix of both, or the other writer's bytes.
 * (The name keeps the temp prefix so that the open-time sweep still removes it: one bug only.)
 */
class FixedTempNameBlobStore extends FileBlobStore {
  protected override async createTemp(dir: string, key: string): Promise<{ path: string; handle: FileHandle }> {
    const path = join(dir, `${TEMP_PREFIX}${key}`);
    return { path, handle: await this.fs.open(path, 'w') };
  }
}

const factory: SystemFactory<BlobStore> = (fs: FileSystem, root: string) =>
  openFileBlobStore(FixedTempNameBlobStore, fs, root, BLOB_SCENARIO_OPTIONS);
export default factory;
