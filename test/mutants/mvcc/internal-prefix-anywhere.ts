import type { FileSystem } from '../../../src/fs/types.js';
import { MvccStore } from '../../../src/mvcc/index.js';
import { INTERNAL_KEY_PREFIX } from '../../../scenarios/mvcc/operations.js';
import { MVCC_STORE_OPTIONS, type MvccSystem } from '../../../scenarios/mvcc/index.js';
import type { SystemFactory } from '../../../sim/scenario.js';

/**
 * Mutant: a key is taken for internal state when it contains the internal prefix anywhere, not
 * only at its start. A user key such as `a!txn|lock` is then never compacted, and reads of it
 * below the watermark succeed instead of failing as compacted.
 */
class PrefixAnywhereStore extends MvccStore {
  protected override isInternalKey(key: string): boolean {
    return key.includes(INTERNAL_KEY_PREFIX);
  }
}

const factory: SystemFactory<MvccSystem> = (fs: FileSystem, root: string) => PrefixAnywhereStore.open(fs, root, MVCC_STORE_OPTIONS);
export default factory;
