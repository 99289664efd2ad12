import { crc32 } from '../checksum/crc32.js';

/**
 * The durable first index of a log: a 20-byte record (magic, version, first index, CRC-32). It is
 * replaced atomically (temp file, sync, rename, directory sync) before any segment it makes
 * obsolete is removed, so after a crash it never promises entries that are gone; and it keeps the
 * index counter of an empty log (firstIndex - 1 is the last index ever assigned).
 */

const MAGIC = 0x57414c46; // "WALF"
const VERSION = 1;
const RECORD_BYTES = 20;
const TWO_TO_32 = 0x1_0000_0000;

export function encodeFirstIndex(firstIndex: number): Uint8Array {
  const record = new Uint8Array(RECORD_BYTES);
  const view = new DataView(record.buffer);
  view.setUint32(0, MAGIC);
  view.setUint32(4, VERSION);
  view.setUint32(8, Math.floor(firstIndex / TWO_TO_32));
  view.setUint32(12, firstIndex % TWO_TO_32);
  view.setUint32(16, crc32(record.subarray(0, 16)));
  return record;
}

/** The first index stored in `record`, or a description of what is wrong with it. */
export function decodeFirstIndex(record: Uint8Array): { firstIndex: number } | { problem: string } {
  if (record.length !== RECORD_BYTES) return { problem: `record is ${record.length} bytes, expected ${RECORD_BYTES}` };
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  if (view.getUint32(16) !== crc32(record.subarray(0, 16))) return { problem: 'record checksum mismatch' };
  if (view.getUint32(0) !== MAGIC || view.getUint32(4) !== VERSION) return { problem: 'unknown record format' };
  const firstIndex = view.getUint32(8) * TWO_TO_32 + view.getUint32(12);
  if (!Number.isSafeInteger(firstIndex) || firstIndex < 1) return { problem: `first index ${firstIndex} out of range` };
  return { firstIndex };
}
