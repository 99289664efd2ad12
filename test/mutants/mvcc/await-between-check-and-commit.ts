import type { FileSystem } from '../../../src/fs/types.js';
import { MvccStore, type Mutation, type WriteConflictError } from '../../../src/mvcc/index.js';
import { VersionIndex } from '../../../src/mvcc/version-index.js';
import { MVCC_STORE_OPTIONS, type MvccSystem } from '../../../scenarios/mvcc/index.js';
import type { SystemFactory } from '../../../sim/scenario.js';

/**
 * Mutant: the conflict check runs before the commit instead of inside it, with an await in between.
 * While this transaction waits for the commit queue (another batch is appending and syncing), a
 * conflicting one checks against the same committed state, passes too, and both commit: a lost
 * update.
 */
class CheckThenCommitStore extends MvccStore {
  /** The commit itself does not check: applyMutations did, before queueing it. */
  protected override findConflict(): WriteConflictError | undefined {
    return undefined;
  }

  override async applyMutations(mutations: readonly Mutation[], startTs: number, commitTs: number): Promise<void> {
    const conflict = super.findConflict(mutations, startTs, new VersionIndex());
    if (conflict !== undefined) throw conflict;
    await super.applyMutations(mutations, startTs, commitTs);
  }
}

const factory: SystemFactory<MvccSystem> = (fs: FileSystem, root: string) => CheckThenCommitStore.open(fs, root, MVCC_STORE_OPTIONS);
export default factory;
