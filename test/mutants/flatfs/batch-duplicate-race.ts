import { join } from '../../../src/fs/path.js';
import type { FileSystem } from '../../../src/fs/types.js';
import { Batch, FlatStore, encodeValue, validateKey, type FlatBatchApi, type FlatStoreApi, type FlatValue } from '../../../src/flatfs/index.js';
import type { SystemFactory } from '../../../sim/scenario.js';

/**
 * Mutant: batch puts are not deduplicated and each one writes a temp file named after its key,
 * truncating it ('w'): two puts of one key in a batch write the same file concurrently, so the
 * batch reads (and commits) the second value, or a mix of both (which the value checksum reports as
 * FLATFS_CORRUPT on a healthy disk: also a violation).
 */
class DuplicateRaceBatch extends Batch {
  override async put(key: string, value: FlatValue): Promise<void> {
    this.assertUsable('put');
    validateKey(key);
    // BUG: no check for a pending put of the same key.
    const data = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    const slot = this.gate.acquire();
    this.pending.set(key, { kind: 'put', sizeBytes: data.length, written: this.startWrite(slot, key, encodeValue(data)) });
    await slot;
  }

  protected override async writePut(key: string, data: Uint8Array, dir: string): Promise<string> {
    // BUG: one file per key, shared by every put of that key.
    const path = join(dir, key);
    const handle = await this.context.fs.open(path, 'w');
    try {
      await handle.write(data, 0, data.length, 0);
      if (this.context.sync) await handle.sync();
    } finally {
      await handle.close();
    }
    return path;
  }
}

class DuplicateRaceStore extends FlatStore {
  protected override createBatch(): FlatBatchApi {
    return new DuplicateRaceBatch(this.context, this);
  }
}

const factory: SystemFactory<FlatStoreApi> = (fs: FileSystem, root: string) =>
  FlatStore.openAs(DuplicateRaceStore, fs, root, { shard: 'next-to-last/2', sync: true }, 'create');
export default factory;
