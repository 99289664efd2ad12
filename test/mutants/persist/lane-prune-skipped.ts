import type { FileSystem } from '../../../src/fs/types.js';
import { BlockPersister, Persistence, type Block } from '../../../src/persist/index.js';
import type { IndexedWal, IndexedWalOptions } from '../../../src/wal/indexed-wal.js';
import { persistSystemOver } from '../../../scenarios/persist/index.js';

/**
 * Mutant: a lane is never pruned from the front. Moving the anchor forward within a lane's blocks
 * keeps every block below it (only a lane the anchor passes entirely is emptied), at run time and
 * at startup alike, so the lane grows without bound and replay serves blocks the anchor no longer
 * needs.
 */
class FrontPruneSkippedBlocks extends BlockPersister {
  protected override async truncateLaneBefore(wal: IndexedWal<Block>): Promise<number> {
    // Nothing is dropped: the first kept block is still the oldest one.
    return (await wal.read(wal.firstIndex)).number;
  }
}

class FrontPruneSkippedPersistence extends Persistence {
  protected static override openBlockPersister(fs: FileSystem, dir: string, options: IndexedWalOptions): Promise<BlockPersister> {
    return FrontPruneSkippedBlocks.open(fs, dir, options);
  }
}

export default persistSystemOver(FrontPruneSkippedPersistence);
