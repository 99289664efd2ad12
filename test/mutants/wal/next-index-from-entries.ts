import { join } from '../../../src/fs/path.js';
import { IndexedWal } from '../../../src/wal/indexed-wal.js';
import { openSegmentLog } from '../../../src/wal/segment-log.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { WAL_SEGMENT_SIZE_BYTES, walEntryCodec } from '../../../scenarios/wal/index.js';
import type { WalEntry, WalSystem } from '../../../scenarios/wal/index.js';

/**
 * Mutant: the typed WAL keeps two notions of where the log stands. It counts its values from the
 * log (the entries between the log's first and last index, so its replay is right), but derives
 * nextIndex from the newest entry it holds, and takes a log that holds none for a new one
 * (nextIndex 1). An empty log (after truncateAll, or a truncateFront past every entry) keeps its
 * counter only as its first index, which this WAL ignores: after a crash it reopens with a
 * nextIndex below indices it already handed out. The log underneath still assigns the right
 * indices, so no acknowledged entry is lost, reused or brought back; only the counter that callers
 * map their own numbering onto (persist's block numbers) goes back, which `index-monotonic` alone
 * sees.
 *
 * Both getters are needed for that: IndexedWal derives `count` from nextIndex and readAll reads
 * exactly `count` values, so a wrong nextIndex alone makes the replay fail (contiguous-replay).
 */
class NextIndexFromEntriesWal extends IndexedWal<WalEntry> {
  override get nextIndex(): number {
    const { firstIndex, lastIndex } = this.log;
    // The bug: no entry, so "nothing was ever appended".
    return lastIndex >= firstIndex ? lastIndex + 1 : 1;
  }

  override get count(): number {
    const { firstIndex, lastIndex } = this.log;
    return Math.max(0, lastIndex - firstIndex + 1);
  }
}

const openNextIndexFromEntries: SystemFactory<WalSystem> = async (fs, root) =>
  new NextIndexFromEntriesWal(await openSegmentLog(fs, join(root, 'wal'), { segmentSizeBytes: WAL_SEGMENT_SIZE_BYTES }), walEntryCodec);

export default openNextIndexFromEntries;
