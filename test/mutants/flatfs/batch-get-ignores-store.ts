import type { FileSystem } from '../../../src/fs/types.js';
import { Batch, FlatStore, type FlatBatchApi, type FlatStoreApi } from '../../../src/flatfs/index.js';
import type { SystemFactory } from '../../../sim/scenario.js';

/**
 * Mutant: a batch's get answers only from the batch: a key it has not written reads as absent,
 * although the store holds it (and has and getSize, which do fall through to the store, say so).
 */
class OwnWritesOnlyBatch extends Batch {
  override async get(key: string): Promise<Uint8Array | undefined> {
    // BUG: no fall-through to the store for a key with nothing pending.
    if (!this.pending.has(key)) return undefined;
    return super.get(key);
  }
}

class OwnWritesOnlyStore extends FlatStore {
  protected override createBatch(): FlatBatchApi {
    return new OwnWritesOnlyBatch(this.context, this);
  }
}

const factory: SystemFactory<FlatStoreApi> = (fs: FileSystem, root: string) =>
  FlatStore.openAs(OwnWritesOnlyStore, fs, root, { shard: 'next-to-last/2', sync: true }, 'create');
export default factory;
