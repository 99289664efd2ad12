/** The checksum every store uses for its records: CRC-32 (see crc32.ts). */
export { crc32, crc32Portable } from './crc32.js';
