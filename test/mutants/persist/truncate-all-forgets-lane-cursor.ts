import type { FileSystem } from '../../../src/fs/types.js';
import { BlockPersister, Persistence } from '../../../src/persist/index.js';
import type { IndexedWalOptions } from '../../../src/wal/indexed-wal.js';
import { persistSystemOver } from '../../../scenarios/persist/index.js';

/**
 * Mutant: when the anchor passes everything a lane holds, the lane is emptied with truncate-all
 * and its cursor is forgotten instead of re-anchored at the anchor's first needed block. An empty
 * lane with no cursor accepts any number next, so a block number it already had (pruned, or
 * never needed) is accepted again.
 */
class CursorForgettingBlocks extends BlockPersister {
  protected override cursorAfterTruncateAll(): number | undefined {
    return undefined;
  }
}

class CursorForgettingPersistence extends Persistence {
  protected static override openBlockPersister(fs: FileSystem, dir: string, options: IndexedWalOptions): Promise<BlockPersister> {
    return CursorForgettingBlocks.open(fs, dir, options);
  }
}

export default persistSystemOver(CursorForgettingPersistence);
