import type { FileHandle } from '../../../src/fs/types.js';
import { FileSegmentLog } from '../../../src/wal/segment-log.js';
import { walFactoryOver } from './mutant-log.js';

/**
 * Mutant: truncateBack cuts the newest segment it keeps but does not sync the cut ("the next
 * append's sync will cover it"). Until that sync, a crash brings the removed entries back at
 * their old indices, although the truncation was acknowledged. Nothing else is wrong: an entry
 * that comes back is one some append really wrote, at the index it was given.
 */
class TruncateBackUnsyncedLog extends FileSegmentLog {
  protected override async cutSegment(handle: FileHandle, sizeBytes: number): Promise<void> {
    await handle.truncate(sizeBytes);
    // The bug: no datasync.
  }
}

export default walFactoryOver(TruncateBackUnsyncedLog);
