import type { FileSystem } from '../../../src/fs/types.js';
import { Batch, FlatStore, type FlatBatchApi, type FlatStoreApi } from '../../../src/flatfs/index.js';
import type { SystemFactory } from '../../../sim/scenario.js';

/**
 * Mutant: a batch's query appends its pending puts to the store's listing without merging them:
 * a key the batch puts that the store already holds is listed twice.
 */
class ConcatenatingQueryBatch extends Batch {
  override async query(options: { prefix?: string } = {}): Promise<string[]> {
    this.assertUsable('query');
    const prefix = options.prefix ?? '';
    const deleted = new Set([...this.pending].filter(([, entry]) => entry.kind === 'delete').map(([key]) => key));
    const stored = (await this.store.query({ prefix })).filter((key) => !deleted.has(key));
    // BUG: no de-duplication against the store's keys.
    const puts = [...this.pending].filter(([key, entry]) => entry.kind === 'put' && key.startsWith(prefix)).map(([key]) => key);
    return [...stored, ...puts].sort();
  }
}

class ConcatenatingQueryStore extends FlatStore {
  protected override createBatch(): FlatBatchApi {
    return new ConcatenatingQueryBatch(this.context, this);
  }
}

const factory: SystemFactory<FlatStoreApi> = (fs: FileSystem, root: string) =>
  FlatStore.openAs(ConcatenatingQueryStore, fs, root, { shard: 'next-to-last/2', sync: true }, 'create');
export default factory;
