import { describe, expect, it } from 'vitest';
import { HEADER_SIZE_BYTES, decodeHeader, encodeBlob, verifyChecksum } from '../../src/blob/format.js';
import { crc32 } from '../../src/checksum/crc32.js';

const DATA = new TextEncoder().encode('the quick brown fox jumps over the lazy dog');

/** Decodes and verifies a whole blob file the way a get does; the data, or the error thrown. */
function read(file: Uint8Array): Uint8Array {
  const header = decodeHeader('k', file.subarray(0, HEADER_SIZE_BYTES), file.length);
  const data = file.subarray(HEADER_SIZE_BYTES);
  verifyChecksum('k', header, crc32(data));
  return data;
}

describe('blob file format', () => {
  for (const withChecksum of [true, false]) {
    it(`detects every single-bit flip in the header (checksums ${withChecksum ? 'on' : 'off'})`, () => {
      const file = encodeBlob(DATA, withChecksum);
      expect(read(file)).toEqual(DATA);
      for (let bit = 0; bit < HEADER_SIZE_BYTES * 8; bit++) {
        const damaged = file.slice();
        damaged[bit >> 3] = (damaged[bit >> 3] as number) ^ (1 << (bit & 7));
        expect(() => read(damaged), `bit ${bit}`).toThrow(expect.objectContaining({ code: 'BLOB_CHECKSUM_MISMATCH' }));
      }
    });
  }

  it('with checksums on, detects every single-bit flip in the data', () => {
    const file = encodeBlob(DATA, true);
    for (let bit = HEADER_SIZE_BYTES * 8; bit < file.length * 8; bit++) {
      const damaged = file.slice();
      damaged[bit >> 3] = (damaged[bit >> 3] as number) ^ (1 << (bit & 7));
      expect(() => read(damaged), `bit ${bit}`).toThrow(expect.objectContaining({ code: 'BLOB_CHECKSUM_MISMATCH' }));
    }
  });

  it('detects three flips anywhere in a checksummed blob', () => {
    const file = encodeBlob(DATA, true);
    const bits = file.length * 8;
    for (let a = 0; a < bits; a += 7) {
      const damaged = file.slice();
      for (const bit of [a, (a * 31 + 5) % bits, (a * 97 + 11) % bits]) damaged[bit >> 3] = (damaged[bit >> 3] as number) ^ (1 << (bit & 7));
      if (damaged.every((byte, i) => byte === file[i])) continue;
      expect(() => read(damaged), `from bit ${a}`).toThrow(expect.objectContaining({ code: 'BLOB_CHECKSUM_MISMATCH' }));
    }
  });
});
