import type { FileSystem } from '../../../src/fs/types.js';
import { CommitQcPersister, Persistence, PersistGapError, type CommitQc } from '../../../src/persist/index.js';
import type { IndexedWalOptions } from '../../../src/wal/indexed-wal.js';
import { persistSystemOver } from '../../../scenarios/persist/index.js';

/**
 * Mutant: the certificate WAL's duplicate rule only knows the anchor's certificate: a road at or
 * below the first kept one is ignored (startup and every anchor move re-send exactly that one),
 * but any other road already persisted is refused as out of sequence. A producer re-sending its
 * newest certificate (after a timeout, say) gets an error instead of a no-op.
 */
class StrictCertificates extends CommitQcPersister {
  override async persist(qc: CommitQc): Promise<void> {
    const first = this.firstRoad;
    const next = this.nextRoad;
    if (first !== undefined && next !== undefined && qc.roadIndex > first && qc.roadIndex < next) {
      throw new PersistGapError(`CommitQcPersister.persist: expected road ${next}, got ${qc.roadIndex}; certificates must be in sequence`);
    }
    await super.persist(qc);
  }
}

class StrictCertificatesPersistence extends Persistence {
  protected static override openCommitQcPersister(fs: FileSystem, dir: string, options: IndexedWalOptions): Promise<CommitQcPersister> {
    return StrictCertificates.open(fs, dir, options);
  }
}

export default persistSystemOver(StrictCertificatesPersistence);
