import { checksummedFrames } from '../../../src/wal/frame-format.js';
import type { FrameFormat } from '../../../src/wal/frame-format.js';
import { walFactoryWith } from './mutant-log.js';

/**
 * Mutant: a gap-blind replay. Segments are replayed back to back and frames handed out by
 * position, with no check that indices are contiguous (no count of what should be there). The
 * first index is taken from the oldest segment left, as logs without a first-index record do, so
 * a front truncation whose segment removals persist out of order leaves a hole between segments,
 * and every entry after the hole slides down to a wrong index.
 */
function storedIndex(header: Uint8Array): number {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  return view.getUint32(8) * 0x1_0000_0000 + view.getUint32(12);
}

/** Checks each frame's checksum but not that it holds the index its position implies. */
const positionBlindFrames: FrameFormat = {
  ...checksummedFrames,
  verify: (_index, header, payload) => checksummedFrames.verify(storedIndex(header), header, payload),
};

export default walFactoryWith({ frames: positionBlindFrames, recordFirstIndexOnTruncateFront: false, replayAcrossGaps: true });
