import type { FileSystem } from '../../../src/fs/types.js';
import { BlockPersister, Persistence, type Block } from '../../../src/persist/index.js';
import type { IndexedWal, IndexedWalOptions } from '../../../src/wal/indexed-wal.js';
import { persistSystemOver } from '../../../scenarios/persist/index.js';

const PAGE_ENTRIES = 3;

/**
 * Mutant: a lane is replayed in pages, with an off-by-one in the page step: each page after the
 * first starts one entry late, so one block per page is silently skipped. The newest block is read
 * first (it gives the lane's cursor) and the oldest starts the first page, so both ends of the
 * replay are right; the hole is inside.
 */
class PagedReplayBlocks extends BlockPersister {
  protected override async replayLane(_lane: number, wal: IndexedWal<Block>): Promise<Block[]> {
    if (wal.count === 0) return [];
    const newest = await wal.read(wal.nextIndex - 1);
    const blocks: Block[] = [];
    for (let start = wal.firstIndex; start < wal.nextIndex - 1; start += PAGE_ENTRIES + 1) {
      for (let index = start; index < Math.min(start + PAGE_ENTRIES, wal.nextIndex - 1); index++) blocks.push(await wal.read(index));
    }
    blocks.push(newest);
    return blocks;
  }
}

class PagedReplayPersistence extends Persistence {
  protected static override openBlockPersister(fs: FileSystem, dir: string, options: IndexedWalOptions): Promise<BlockPersister> {
    return PagedReplayBlocks.open(fs, dir, options);
  }
}

export default persistSystemOver(PagedReplayPersistence);
