import type { SegmentLogOptions } from './segment-log-types.js';

/** The argument checks of the segment log's public calls: a bad argument is a RangeError before any disk access. */

export function assertIndex(method: string, index: number): void {
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new RangeError(`SegmentLog.${method}: index must be a non-negative safe integer, got ${String(index)}`);
  }
}

export function assertOptions(options: SegmentLogOptions): void {
  const size = options.segmentSizeBytes;
  if (size !== undefined && (!Number.isSafeInteger(size) || size < 1)) {
    throw new RangeError(`openSegmentLog: segmentSizeBytes must be a positive integer, got ${String(size)}`);
  }
}
