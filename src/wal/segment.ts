import type { FileHandle } from '../fs/types.js';

/**
 * One open segment file: the entries from `firstIndex` on, one frame each, at known offsets.
 * Frames below the log's first index may still sit at the front of the oldest segment (a front
 * truncation only removes whole segments); reads never reach them.
 */
export class Segment {
  readonly firstIndex: number;
  readonly path: string;
  readonly handle: FileHandle;
  /** Byte offset of each frame, entry `firstIndex + i` at `offsets[i]`. */
  readonly offsets: number[];
  /** Bytes of intact frames: where the next frame goes. */
  sizeBytes: number;

  constructor(firstIndex: number, path: string, handle: FileHandle, offsets: number[], sizeBytes: number) {
    this.firstIndex = firstIndex;
    this.path = path;
    this.handle = handle;
    this.offsets = offsets;
    this.sizeBytes = sizeBytes;
  }

  /** Index of the last frame, firstIndex - 1 when the segment holds none. */
  get lastIndex(): number {
    return this.firstIndex + this.offsets.length - 1;
  }

  /** Byte range of entry `index`'s frame; the caller checks that the segment holds it. */
  frameRange(index: number): { start: number; end: number } {
    const position = index - this.firstIndex;
    const start = this.offsets[position];
    if (start === undefined) throw new RangeError(`Segment ${this.path} does not hold entry ${index}`);
    const end = this.offsets[position + 1] ?? this.sizeBytes;
    return { start, end };
  }
}

/** The segment holding `index` (the last one whose first index is at most `index`), by bisection. */
export function findSegment(segments: readonly Segment[], index: number): Segment | undefined {
  let low = 0;
  let high = segments.length - 1;
  let found: Segment | undefined;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const segment = segments[middle] as Segment;
    if (segment.firstIndex <= index) {
      found = segment;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
