import { checksummedFrames } from '../../../src/wal/frame-format.js';
import type { FrameFormat } from '../../../src/wal/frame-format.js';
import { LogRecovery } from '../../../src/wal/recovery.js';
import { FileSegmentLog } from '../../../src/wal/segment-log.js';
import { walFactoryOver } from './mutant-log.js';

/**
 * Mutant: a gap-blind replay. Segments are replayed back to back and frames handed out by
 * position, with no check that indices are contiguous (no count of what should be there). The
 * first index is taken from the oldest segment left, as logs without a first-index record do, so
 * a front truncation whose segment removals persist out of order leaves a hole between segments,
 * and every entry after the hole slides down to a wrong index.
 */
class GapBlindRecovery extends LogRecovery {
  protected override firstIndexFor(recordedFirstIndex: number, oldestSegmentStart: number | undefined): number {
    // The first index follows the oldest segment left, wherever the record says it is.
    return oldestSegmentStart === undefined ? recordedFirstIndex : Math.max(recordedFirstIndex, oldestSegmentStart);
  }

  protected override nextSegmentStart(_previousStart: number, previousLast: number): number {
    // The next segment continues where the previous one ended, whatever its name says.
    return previousLast + 1;
  }
}

/**
 * The log half of the bug, with the real frames: truncateFront records nothing (the oldest
 * segment left is its only trace) and recovery replays across gaps. test/wal's exhaustive crash
 * exploration uses it directly.
 */
export class UnrecordedGapBlindLog extends FileSegmentLog {
  protected override recordFirstIndex(): Promise<void> {
    return Promise.resolve();
  }

  protected override createRecovery(): LogRecovery {
    return new GapBlindRecovery(this.fs, this.dir, this.frames);
  }
}

function storedIndex(header: Uint8Array): number {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  return view.getUint32(8) * 0x1_0000_0000 + view.getUint32(12);
}

/** Checks each frame's checksum but not that it holds the index its position implies. */
const positionBlindFrames: FrameFormat = {
  ...checksummedFrames,
  verify: (_index, header, payload) => checksummedFrames.verify(storedIndex(header), header, payload),
};

class GapBlindReplayLog extends UnrecordedGapBlindLog {
  protected override get frames(): FrameFormat {
    return positionBlindFrames;
  }
}

export default walFactoryOver(GapBlindReplayLog);
