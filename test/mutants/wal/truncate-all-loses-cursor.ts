import { FileSegmentLog } from '../../../src/wal/segment-log.js';
import { walFactoryOver } from './mutant-log.js';

/**
 * Mutant: truncateAll removes every segment but keeps the index counter only in memory (the
 * first-index record is not rewritten). A crash before the next append creates a segment reopens
 * an empty log whose counter went back: indices are reused and acknowledged entries vanish.
 */
class TruncateAllLosesCursorLog extends FileSegmentLog {
  protected override recordCounter(): Promise<void> {
    // The bug: nothing makes the counter durable.
    return Promise.resolve();
  }
}

export default walFactoryOver(TruncateAllLosesCursorLog);
