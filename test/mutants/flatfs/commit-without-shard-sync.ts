import type { FileSystem } from '../../../src/fs/types.js';
import { Batch, FlatStore, type FlatBatchApi, type FlatStoreApi } from '../../../src/flatfs/index.js';
import type { SystemFactory } from '../../../sim/scenario.js';

/**
 * Mutant: commit renames every put into its shard and returns without syncing the shard
 * directories, so an acknowledged batch can vanish (or half of it) in a power loss: the renames
 * are only in the page cache.
 */
class UnsyncedCommitBatch extends Batch {
  protected override async syncShardDirectories(): Promise<void> {
    // BUG: nothing makes the renames and unlinks durable.
  }
}

class UnsyncedCommitStore extends FlatStore {
  protected override createBatch(): FlatBatchApi {
    return new UnsyncedCommitBatch(this.context, this);
  }
}

const factory: SystemFactory<FlatStoreApi> = (fs: FileSystem, root: string) =>
  FlatStore.openAs(UnsyncedCommitStore, fs, root, { shard: 'next-to-last/2', sync: true }, 'create');
export default factory;
