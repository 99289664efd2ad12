import type { FileSystem } from '../../../src/fs/types.js';
import { MvccStore, WriteConflictError, type Mutation } from '../../../src/mvcc/index.js';
import type { VersionIndex } from '../../../src/mvcc/version-index.js';
import { MVCC_STORE_OPTIONS, type MvccSystem } from '../../../scenarios/mvcc/index.js';
import type { SystemFactory } from '../../../sim/scenario.js';

/**
 * Mutant: an off-by-one in the conflict check: a version AT the transaction's start timestamp
 * counts as newer. That version was committed before the transaction began, so it is part of
 * its snapshot; refusing it is a spurious conflict: a transaction that overlaps no writer fails.
 */
class ConflictAtStartTsStore extends MvccStore {
  protected override findConflict(mutations: readonly Mutation[], startTs: number, batch: VersionIndex): WriteConflictError | undefined {
    for (const { key } of mutations) {
      const newest = Math.max(this.index.latestCommitTs(key) ?? 0, batch.latestCommitTs(key) ?? 0);
      if (newest >= startTs && newest > 0) return new WriteConflictError(key, startTs, newest);
    }
    return undefined;
  }
}

const factory: SystemFactory<MvccSystem> = (fs: FileSystem, root: string) => ConflictAtStartTsStore.open(fs, root, MVCC_STORE_OPTIONS);
export default factory;
