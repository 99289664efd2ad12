import type { FrameFormat } from './frame-format.js';
import { checksummedFrames, scanFrames } from './frame-format.js';
import type { SegmentScanner } from './recovery.js';

/**
 * The replaceable parts of a SegmentLog. Production code uses `DEFAULT_DESIGN` (through
 * `openSegmentLog`); test/mutants swap one part for a known-broken one to prove that the
 * simulator finds that bug. Not part of the public API.
 */
export interface SegmentLogDesign {
  /** How entries are framed. */
  readonly frames: FrameFormat;
  /** How a segment's bytes are scanned at open. */
  readonly scan: SegmentScanner;
  /**
   * True: truncateAll records the new first index durably before removing segments, so an empty
   * log keeps its counter across a crash. False is the seed's lost-cursor bug.
   */
  readonly recordCounterOnTruncateAll: boolean;
  /**
   * True: truncateFront records the new first index durably before removing segments. False
   * derives the first index from the oldest segment left, so removals that persist out of order
   * can leave a hole between segments.
   */
  readonly recordFirstIndexOnTruncateFront: boolean;
  /**
   * False: a gap or overlap between segments is corruption, refused at open. True replays the
   * segments back to back whatever their names say (a gap-blind replay).
   */
  readonly replayAcrossGaps: boolean;
}

export const DEFAULT_DESIGN: SegmentLogDesign = {
  frames: checksummedFrames,
  scan: scanFrames,
  recordCounterOnTruncateAll: true,
  recordFirstIndexOnTruncateFront: true,
  replayAcrossGaps: false,
};
