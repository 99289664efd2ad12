/**
 * CRC-32C (Castagnoli), the checksum of every store's records: log frames, metadata, blobs. Written here rather than
 * taken from a package because the stack depends only on the FileSystem contract. Castagnoli
 * rather than the zlib polynomial because it detects more error patterns in short records.
 */

const POLYNOMIAL_REVERSED = 0x82f63b78;

const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL_REVERSED : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** Continues a CRC-32C over `bytes`; start from 0 (the default) for a fresh checksum. */
export function crc32c(bytes: Uint8Array, previous = 0): number {
  let crc = ~previous >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    crc = (TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  }
  return ~crc >>> 0;
}
