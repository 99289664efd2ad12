import type { FileSystem } from '../../../src/fs/types.js';
import { BlockPersister, Persistence, type Block } from '../../../src/persist/index.js';
import type { IndexedWalOptions } from '../../../src/wal/indexed-wal.js';
import { persistSystemOver } from '../../../scenarios/persist/index.js';

/**
 * Mutant: a lane refuses a block number it already holds with a RangeError ("already holds
 * block n"), where the contract refuses every block out of sequence with PersistGapError, the
 * error a consensus engine branches on to tell a re-offered block from a failure. The block is
 * still refused before the lane's WAL is touched, so nothing on disk changes and no block number
 * is reused: no state check sees it, only the rule that an operation rejects with nothing its
 * contract does not document (the producer's re-offer after a cycle, which expects
 * PersistGapError, passes the RangeError on and the cycle rejects with it).
 */
class ReusedNumberRangeErrorBlocks extends BlockPersister {
  override async persistBlocks(lane: number, blocks: readonly Block[]): Promise<void> {
    const next = this.nextBlockNumber(lane);
    const first = blocks[0];
    // The bug: a number already used is reported as a bad argument, not as out of sequence.
    if (first !== undefined && next !== undefined && first.number < next) {
      throw new RangeError(`BlockPersister.persistBlocks: lane ${lane} already holds block ${first.number}`);
    }
    await super.persistBlocks(lane, blocks);
  }
}

class ReusedNumberRangeErrorPersistence extends Persistence {
  protected static override openBlockPersister(fs: FileSystem, dir: string, options: IndexedWalOptions): Promise<BlockPersister> {
    return ReusedNumberRangeErrorBlocks.open(fs, dir, options);
  }
}

export default persistSystemOver(ReusedNumberRangeErrorPersistence);
