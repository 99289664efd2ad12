import { hasErrorCode } from '../../../src/fs/errors.js';
import type { FileSystem } from '../../../src/fs/types.js';
import { FlatStore, type FlatStoreApi } from '../../../src/flatfs/index.js';
import type { SystemFactory } from '../../../sim/scenario.js';

/**
 * Mutant: opening the store creates `.temp/` when it is missing but keeps whatever a crash left
 * in it: half-written put files and whole batch directories pile up forever (the leak the temp
 * directory design exists to prevent).
 */
class TempNotWipedStore extends FlatStore {
  protected override async removeLeftoverTemp(): Promise<void> {
    try {
      await this.context.fs.mkdir(this.context.tempDir);
    } catch (error) {
      if (!hasErrorCode(error, 'EEXIST')) throw error;
      // BUG: the leftovers are not removed.
    }
  }
}

const factory: SystemFactory<FlatStoreApi> = (fs: FileSystem, root: string) =>
  FlatStore.openAs(TempNotWipedStore, fs, root, { shard: 'next-to-last/2', sync: true }, 'create');
export default factory;
