import { crc32 } from '../checksum/crc32.js';

/**
 * How an entry is framed inside a segment file. The log only needs to encode a frame and to tell,
 * while scanning, whether the bytes at some offset are a complete, intact frame for the expected
 * index. A format that cannot tell (no checksum) replays torn tails as entries: see the mutants.
 */
export interface FrameFormat {
  /** Bytes before the payload. */
  readonly headerBytes: number;
  encode(index: number, payload: Uint8Array): Uint8Array;
  /** The payload length the header announces, or undefined when the header is implausible. */
  payloadLength(header: Uint8Array): number | undefined;
  /** True when header and payload form an intact frame holding entry `index`. */
  verify(index: number, header: Uint8Array, payload: Uint8Array): boolean;
}

const HEADER_BYTES = 16;
const TWO_TO_32 = 0x1_0000_0000;
/** No single entry may exceed this; a larger length field is damage, not data. */
export const PAYLOAD_BYTES_MAX = 64 * 1024 * 1024;

/**
 * The log's frame: payload length (u32), CRC-32 (u32), entry index (u64), all big-endian, then
 * the payload. The checksum covers the length, the index and the payload, so a torn or
 * zero-filled tail fails it (the CRC of zeros is not zero), and the index catches a frame that is
 * intact but misplaced (a stale frame left behind a truncation, a misdirected write).
 */
export const checksummedFrames: FrameFormat = {
  headerBytes: HEADER_BYTES,

  encode(index, payload) {
    if (payload.length > PAYLOAD_BYTES_MAX) {
      throw new RangeError(`SegmentLog.append: entry of ${payload.length} bytes exceeds the limit of ${PAYLOAD_BYTES_MAX} bytes`);
    }
    const frame = new Uint8Array(HEADER_BYTES + payload.length);
    const view = new DataView(frame.buffer);
    view.setUint32(0, payload.length);
    view.setUint32(8, Math.floor(index / TWO_TO_32));
    view.setUint32(12, index % TWO_TO_32);
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
    const storedIndex = view.getUint32(8) * TWO_TO_32 + view.getUint32(12);
    return storedIndex === index && view.getUint32(4) === frameChecksum(header, payload);
  },
};

function frameChecksum(header: Uint8Array, payload: Uint8Array): number {
  let crc = crc32(header.subarray(0, 4));
  crc = crc32(header.subarray(8, 16), crc);
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
