import { crc32 } from '../checksum/crc32.js';

/**
 * How an entry is framed inside a segment file. The log only needs to encode a frame and to tell,
 * while scanning, whether the bytes at some offset are a complete, intact frame for the expected
 * index. A format that cannot tell (no checksum) replays torn tails as entries: see the mutants.
 */
export interface FrameFormat {
  /** Bytes before the payload. */
  readonly headerBytes: number;
  /**
   * `durableWatermark`: the last index made durable by a sync that completed before this frame
   * was written (0 when none). Formats without a watermark field ignore it.
   */
  encode(index: number, payload: Uint8Array, durableWatermark: number): Uint8Array;
  /** The payload length the header announces, or undefined when the header is implausible. */
  payloadLength(header: Uint8Array): number | undefined;
  /** True when header and payload form an intact frame holding entry `index`. */
  verify(index: number, header: Uint8Array, payload: Uint8Array): boolean;
  /**
   * Scans `bytes` from `fromByte` on, at every byte offset, for an intact frame of an index above
   * `index` whose recorded watermark is at least `index`: proof that entry `index` was durable.
   * The first such frame, or undefined (always, for a format that records no watermark).
   */
  findAcknowledgingFrame(bytes: Uint8Array, fromByte: number, index: number): { offset: number; index: number; watermark: number } | undefined;
}

const HEADER_BYTES = 24;
const TWO_TO_32 = 0x1_0000_0000;
/** No single entry may exceed this; a larger length field is damage, not data. */
export const PAYLOAD_BYTES_MAX = 64 * 1024 * 1024;

/**
 * The log's frame, version 2: payload length (u32), CRC-32 (u32), entry index (u64), durable
 * watermark (u64), all big-endian, then the payload. The checksum covers every field but itself
 * and the payload, so a torn or zero-filled tail fails it (the CRC of zeros is not zero), and the
 * index catches a frame that is intact but misplaced (a stale frame left behind a truncation, a
 * misdirected write).
 *
 * The watermark is the last index a COMPLETED sync had made durable when the frame was written.
 * It costs no sync, and lets recovery tell damage from a torn tail in the newest segment: an
 * intact frame that claims watermark >= i was written after entry i was durable, so a bad frame
 * at i cannot be a torn unsynced write (see recovery.ts). Recovery makes everything it kept durable,
 * so a reopened log starts from its last index.
 */
export const checksummedFrames: FrameFormat = {
  headerBytes: HEADER_BYTES,

  encode(index, payload, durableWatermark) {
    if (payload.length > PAYLOAD_BYTES_MAX) {
      throw new RangeError(`SegmentLog.append: entry of ${payload.length} bytes exceeds the limit of ${PAYLOAD_BYTES_MAX} bytes`);
    }
    const frame = new Uint8Array(HEADER_BYTES + payload.length);
    const view = new DataView(frame.buffer);
    view.setUint32(0, payload.length);
    setUint64(view, 8, index);
    setUint64(view, 16, durableWatermark);
    frame.set(payload, HEADER_BYTES);
    view.setUint32(4, frameChecksum(frame.subarray(0, HEADER_BYTES), payload));
    return frame;
  },

  payloadLength(header) {
    const length = new DataView(header.buffer, header.byteOffset, header.byteLength).getUint32(0);
    return length <= PAYLOAD_BYTES_MAX ? length : undefined;
  },

  verify(index, header, payload) {
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
    return getUint64(view, 8) === index && view.getUint32(4) === frameChecksum(header, payload);
  },

  findAcknowledgingFrame(bytes, fromByte, index) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let offset = fromByte; offset + HEADER_BYTES <= bytes.length; offset++) {
      // Cheap field checks first: the checksum runs only on plausible headers.
      const length = view.getUint32(offset);
      if (length > PAYLOAD_BYTES_MAX || offset + HEADER_BYTES + length > bytes.length) continue;
      const frameIndex = getUint64(view, offset + 8);
      const watermark = getUint64(view, offset + 16);
      if (frameIndex <= index || watermark < index || watermark >= frameIndex) continue;
      const header = bytes.subarray(offset, offset + HEADER_BYTES);
      const payload = bytes.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + length);
      if (view.getUint32(offset + 4) === frameChecksum(header, payload)) return { offset, index: frameIndex, watermark };
    }
    return undefined;
  },
};

function setUint64(view: DataView, offset: number, value: number): void {
  view.setUint32(offset, Math.floor(value / TWO_TO_32));
  view.setUint32(offset + 4, value % TWO_TO_32);
}

function getUint64(view: DataView, offset: number): number {
  return view.getUint32(offset) * TWO_TO_32 + view.getUint32(offset + 4);
}

function frameChecksum(header: Uint8Array, payload: Uint8Array): number {
  let crc = crc32(header.subarray(0, 4));
  crc = crc32(header.subarray(8, HEADER_BYTES), crc);
  return crc32(payload, crc);
}

/** What scanning a segment's bytes found. */
export interface ScanResult {
  /** Byte offset of each intact frame, in index order from the segment's first index. */
  readonly offsets: number[];
  /** End of the last intact frame: everything after it is a torn tail or damage. */
  readonly validEndBytes: number;
  /** True when bytes follow the last intact frame (the scan stopped at a bad or partial frame). */
  readonly stoppedEarly: boolean;
}

/** Parses consecutive frames from `bytes`, expecting indices `firstIndex`, `firstIndex + 1`... */
export function scanFrames(format: FrameFormat, bytes: Uint8Array, firstIndex: number): ScanResult {
  const offsets: number[] = [];
  let position = 0;
  while (position < bytes.length) {
    const headerEnd = position + format.headerBytes;
    if (headerEnd > bytes.length) break;
    const header = bytes.subarray(position, headerEnd);
    const length = format.payloadLength(header);
    if (length === undefined || headerEnd + length > bytes.length) break;
    const payload = bytes.subarray(headerEnd, headerEnd + length);
    if (!format.verify(firstIndex + offsets.length, header, payload)) break;
    offsets.push(position);
    position = headerEnd + length;
  }
  return { offsets, validEndBytes: position, stoppedEarly: position < bytes.length };
}
