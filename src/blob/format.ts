import { reachable } from '../coverage/index.js';
import { BLOB_MARKS } from './marks.js';
import { ChecksumMismatchError } from './errors.js';
import { crc32 } from '../checksum/crc32.js';
import { bytesToOverwrite } from '../fs/bytes.js';

/**
 * On-disk format of one blob file: a fixed 24-byte header, then the caller's bytes.
 *
 *   offset 0  magic       "CSB2"
 *   offset 4  flags       uint32 LE; bit 0 set when `checksum` is meaningful; other bits 0
 *   offset 8  length      uint64 LE; the number of data bytes that follow
 *   offset 16 checksum    uint32 LE, CRC-32 of the data bytes (0 when bit 0 is clear)
 *   offset 20 header crc  uint32 LE, CRC-32 of bytes 0..19, ALWAYS written and checked
 *
 * Why the header has its own checksum, even with `checksums: false`: the data checksum cannot
 * protect the fields that say whether and how to check it. Without the header CRC, one flipped
 * bit in `flags` would turn a checksummed blob into "written without checksum", and its damaged
 * data would be served as good. With it, damage anywhere in the header is reported
 * (ChecksumMismatchError), and damage in the data is reported when checksums are on.
 * Costs 4 bytes per blob and a CRC over 20 bytes.
 *
 * Why the checksum "sidecar" lives in the blob file and not in a separate `<blob>.sum` file:
 * a separate file can never be published atomically with the blob it describes. Replacing both
 * takes two renames; a concurrent reader can run between them, and a crash can persist either one
 * without the other (renames in one directory persist independently until the directory is
 * synced), which leaves a visible blob whose checksum disagrees whatever the order. Carried in the
 * same file, the checksum is published by the same single rename as the bytes it covers, so every
 * name a reader can see points at a blob and its own checksum, at the price of no extra sync.
 * The header also records the length, so a torn tail is caught even with checksums off.
 */

export const HEADER_SIZE_BYTES = 24;
const HEADER_CRC_OFFSET = 20;
const MAGIC = [0x43, 0x53, 0x42, 0x32]; // "CSB2"
const [MAGIC_0, MAGIC_1, MAGIC_2, MAGIC_3] = MAGIC as [number, number, number, number];
const FLAG_HAS_CHECKSUM = 1;

/** What a header says, once its magic has been checked. */
export interface BlobHeader {
  readonly dataLengthBytes: number;
  /** null when the blob was written with checksums off. */
  readonly checksum: number | null;
}

/** Builds the header for `data`; `withChecksum` false skips computing the CRC. */
export function encodeHeader(data: Uint8Array, withChecksum: boolean): Uint8Array {
  const header = new Uint8Array(HEADER_SIZE_BYTES);
  writeHeader(header, data, withChecksum);
  return header;
}

/** Header followed by the data, as one buffer so that it goes out in as few writes as possible. */
export function encodeBlob(data: Uint8Array, withChecksum: boolean): Uint8Array {
  // Every byte is written below: the header field by field, then the data.
  const file = bytesToOverwrite(HEADER_SIZE_BYTES + data.length);
  writeHeader(file, data, withChecksum);
  file.set(data, HEADER_SIZE_BYTES);
  return file;
}

/** Writes `data`'s header into `target[0..HEADER_SIZE_BYTES)` (byte by byte: no DataView, no BigInt). */
function writeHeader(target: Uint8Array, data: Uint8Array, withChecksum: boolean): void {
  target[0] = MAGIC_0;
  target[1] = MAGIC_1;
  target[2] = MAGIC_2;
  target[3] = MAGIC_3;
  writeUint32LE(target, 4, withChecksum ? FLAG_HAS_CHECKSUM : 0);
  // The uint64 length as two little-endian halves.
  writeUint32LE(target, 8, data.length % 0x100000000);
  writeUint32LE(target, 12, Math.floor(data.length / 0x100000000));
  writeUint32LE(target, 16, withChecksum ? crc32(data) : 0);
  writeUint32LE(target, HEADER_CRC_OFFSET, crc32(target.subarray(0, HEADER_CRC_OFFSET)));
}

function writeUint32LE(target: Uint8Array, offset: number, value: number): void {
  target[offset] = value & 0xff;
  target[offset + 1] = (value >>> 8) & 0xff;
  target[offset + 2] = (value >>> 16) & 0xff;
  target[offset + 3] = (value >>> 24) & 0xff;
}

/**
 * Parses and checks a header against the file's size. Throws ChecksumMismatchError when the file
 * is shorter than a header, has no magic, fails its header checksum, has unknown flags, or its
 * size disagrees with the recorded length: all signs of a torn, damaged or foreign file, never
 * something to return.
 */
export function decodeHeader(key: string, header: Uint8Array, fileSizeBytes: number): BlobHeader {
  if (fileSizeBytes < HEADER_SIZE_BYTES || header.length < HEADER_SIZE_BYTES) {
    throw new ChecksumMismatchError(key, `file has ${fileSizeBytes} bytes, fewer than its ${HEADER_SIZE_BYTES}-byte header`);
  }
  for (let i = 0; i < MAGIC.length; i++) {
    if (header[i] !== MAGIC[i]) throw new ChecksumMismatchError(key, 'header magic is missing');
  }
  const view = new DataView(header.buffer, header.byteOffset, HEADER_SIZE_BYTES);
  const recordedHeaderCrc = view.getUint32(HEADER_CRC_OFFSET, true);
  const actualHeaderCrc = crc32(header.subarray(0, HEADER_CRC_OFFSET));
  if (recordedHeaderCrc !== actualHeaderCrc) {
    throw new ChecksumMismatchError(key, `header crc32 is ${hex(actualHeaderCrc)}, header records ${hex(recordedHeaderCrc)}: the header is damaged`);
  }
  const flags = view.getUint32(4, true);
  if ((flags & ~FLAG_HAS_CHECKSUM) !== 0) throw new ChecksumMismatchError(key, `header has unknown flags ${hex(flags)}`);
  const recordedLength = view.getBigUint64(8, true);
  const actualLength = BigInt(fileSizeBytes - HEADER_SIZE_BYTES);
  if (recordedLength !== actualLength) {
    throw new ChecksumMismatchError(key, `header records ${recordedLength} data bytes, file holds ${actualLength}`);
  }
  const checksum = (flags & FLAG_HAS_CHECKSUM) !== 0 ? view.getUint32(16, true) : null;
  return { dataLengthBytes: Number(actualLength), checksum };
}

/** Throws ChecksumMismatchError unless `actual` matches what the header recorded. */
export function verifyChecksum(key: string, header: BlobHeader, actual: number): void {
  if (header.checksum !== null && header.checksum !== actual) {
    reachable(BLOB_MARKS.checksumFailed);
    throw new ChecksumMismatchError(key, `crc32 is ${hex(actual)}, header records ${hex(header.checksum)}`);
  }
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
