import * as zlib from 'node:zlib';

/**
 * CRC-32 (IEEE 802.3, the zlib polynomial): the checksum of every store's records (log frames,
 * metadata, blobs, checkpoints). It only has to catch torn writes and flipped bits, not
 * adversaries. Node's zlib computes it natively (Node >= 20.15), several times faster than any
 * JavaScript loop; older runtimes fall back to the table below, which gives identical values.
 */

const POLYNOMIAL_REVERSED = 0xedb88320;

const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL_REVERSED : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The portable implementation (exported so tests can hold the native one to it). */
export function crc32Portable(bytes: Uint8Array, previous = 0): number {
  let crc = ~previous >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    crc = (TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  }
  return ~crc >>> 0;
}

type NativeCrc32 = (data: Uint8Array, value?: number) => number;
const native: NativeCrc32 | undefined = (zlib as { crc32?: NativeCrc32 }).crc32;

/**
 * Below this many bytes the table loop beats the native call, whose fixed cost (argument checks,
 * crossing into C++) is about that of 40 table steps: measured 79 ns vs 147 ns for 20 bytes (a
 * blob header), 662 ns vs 207 ns for 300.
 */
const NATIVE_FROM_BYTES = 48;

/** Continues a CRC-32 over `bytes`; start from 0 (the default) for a fresh checksum. */
export const crc32: (bytes: Uint8Array, previous?: number) => number =
  native === undefined ? crc32Portable : (bytes, previous = 0) => (bytes.length < NATIVE_FROM_BYTES ? crc32Portable(bytes, previous) : native(bytes, previous));
