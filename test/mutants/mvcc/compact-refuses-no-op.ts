import type { FileSystem } from '../../../src/fs/types.js';
import { MvccArgumentError, MvccStore } from '../../../src/mvcc/index.js';
import { MVCC_STORE_OPTIONS, type MvccSystem } from '../../../scenarios/mvcc/index.js';
import type { SystemFactory } from '../../../sim/scenario.js';

/**
 * Mutant: compact(minTs) refuses a minTs at or below the current watermark as a bad argument,
 * where the contract says such a compaction changes nothing and succeeds (so callers may compact
 * to a timestamp they computed without first reading the watermark). It refuses before touching
 * the log or the index, so the store's state and files are exactly what they would be after the
 * no-op: no state check sees it, only the rule that an operation rejects with nothing its
 * contract does not document.
 */
class CompactRefusesNoOpStore extends MvccStore {
  override async compact(minTs: number): Promise<void> {
    // The bug: a compaction that would change nothing is an error.
    if (minTs <= this.minRetainedTs()) throw new MvccArgumentError('compact', `minTs (${minTs}) must be above the watermark ${this.minRetainedTs()}`);
    await super.compact(minTs);
  }
}

const factory: SystemFactory<MvccSystem> = (fs: FileSystem, root: string) => CompactRefusesNoOpStore.open(fs, root, MVCC_STORE_OPTIONS);
export default factory;
