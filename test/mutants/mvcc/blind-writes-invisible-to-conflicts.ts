import type { FileSystem } from '../../../src/fs/types.js';
import { MvccStore, WriteConflictError, type Mutation, type MvccPutOptions } from '../../../src/mvcc/index.js';
import type { VersionIndex } from '../../../src/mvcc/version-index.js';
import { MVCC_STORE_OPTIONS, type MvccSystem } from '../../../scenarios/mvcc/index.js';
import type { SystemFactory } from '../../../sim/scenario.js';

/**
 * Mutant: the conflict check only recognises versions that transactions committed. A key whose
 * newest version came from a non-transactional putAt/deleteAt (which writes no commit record)
 * looks untouched, so a transaction that started before that write commits over it: a lost
 * update between a transaction and a blind write.
 */
class BlindWritesInvisibleStore extends MvccStore {
  readonly #blindWrites = new Set<string>();

  override async putAt(key: string, value: string, commitTs: number, options: MvccPutOptions = {}): Promise<void> {
    this.#blindWrites.add(`${key}@${commitTs}`);
    await super.putAt(key, value, commitTs, options);
  }

  override async deleteAt(key: string, commitTs: number): Promise<void> {
    this.#blindWrites.add(`${key}@${commitTs}`);
    await super.deleteAt(key, commitTs);
  }

  protected override findConflict(mutations: readonly Mutation[], startTs: number, batch: VersionIndex): WriteConflictError | undefined {
    for (const { key } of mutations) {
      // BUG: committed versions that blind writes made are skipped; the newest transactional one counts.
      let committed = this.index.latestCommitTs(key);
      while (committed !== undefined && this.#blindWrites.has(`${key}@${committed}`)) committed = this.index.versionAt(key, committed - 1)?.commitTs;
      const newest = Math.max(committed ?? 0, batch.latestCommitTs(key) ?? 0);
      if (newest > startTs) return new WriteConflictError(key, startTs, newest);
    }
    return undefined;
  }
}

const factory: SystemFactory<MvccSystem> = (fs: FileSystem, root: string) => BlindWritesInvisibleStore.open(fs, root, MVCC_STORE_OPTIONS);
export default factory;
