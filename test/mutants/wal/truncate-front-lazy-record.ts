import { parseSegmentName } from '../../../src/wal/index.js';
import { FileSegmentLog } from '../../../src/wal/segment-log.js';
import { walFactoryOver } from './mutant-log.js';

/**
 * Mutant: truncateFront writes its first-index record only when the truncation removes a whole
 * segment ("nothing to delete, nothing to record: the first index lives in memory until then").
 * Recovery still never finds a hole (every segment removal is preceded by its record), but a
 * crash after a truncation inside one segment reopens the log at the old first index: entries
 * whose removal was acknowledged are replayed again.
 */
class TruncateFrontLazyRecordLog extends FileSegmentLog {
  protected override async recordFirstIndex(firstIndex: number): Promise<void> {
    const starts = (await this.fs.readdir(this.dir))
      .map(parseSegmentName)
      .filter((start): start is number => start !== undefined)
      .sort((a, b) => a - b);
    // The segments the truncation makes obsolete, as the log decides it.
    const removesSegment = firstIndex > this.lastIndex || starts.some((_, i) => (starts[i + 1] ?? Number.POSITIVE_INFINITY) <= firstIndex);
    // The bug: no record when no segment goes.
    if (removesSegment) await super.recordFirstIndex(firstIndex);
  }
}

export default walFactoryOver(TruncateFrontLazyRecordLog);
