import type { BlobStore } from '../../../src/blob/index.js';
import { FileBlobStore } from '../../../src/blob/file-blob-store.js';
import { TEMP_PREFIX } from '../../../src/blob/keys.js';
import { openFileBlobStore } from '../../../src/blob/open.js';
import { writeAll } from '../../../src/fs/durable.js';
import { childPath } from '../../../src/fs/path.js';
import type { FileSystem } from '../../../src/fs/types.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { BLOB_SCENARIO_OPTIONS } from '../../../scenarios/blob/index.js';

/**
 * Mutant: opening the store rewrites every blob in place (open 'w', write, sync), as a store
 * might when it upgrades its files at startup. A recovery that runs to its end leaves every blob
 * as it was, so no single crash shows it; a crash during that recovery leaves a truncated or
 * torn blob under its final name. Found only by crashing the recovery (`crashRecovery`).
 */
class RewriteInPlaceOnOpenBlobStore extends FileBlobStore {
  override async sweepTemps(): Promise<void> {
    await super.sweepTemps();
    for (const dir of await this.blobDirectories()) {
      for (const name of (await this.fs.readdir(dir)).sort()) {
        if (name.startsWith(TEMP_PREFIX)) continue;
        const path = childPath(dir, name);
        const bytes = await this.fs.readFile(path);
        // The bug: the only copy is truncated before the new bytes exist.
        const handle = await this.fs.open(path, 'w');
        try {
          await writeAll(handle, bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
      }
    }
  }
}

const factory: SystemFactory<BlobStore> = (fs: FileSystem, root: string) =>
  openFileBlobStore(RewriteInPlaceOnOpenBlobStore, fs, root, BLOB_SCENARIO_OPTIONS);
export default factory;
