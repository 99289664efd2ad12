import { crc32 } from '../checksum/crc32.js';
import { FlatStoreCorruptError } from './errors.js';

/**
 * How a value sits in its `<key>.data` file: the caller's bytes, then a 4-byte CRC-32 of them
 * (uint32 LE). A deliberate departure from go-ds-flatfs, whose files hold the bare value: without
 * a checksum a flipped bit on the disk is served as the value. The trailer costs 4 bytes per value
 * and one CRC pass per put and get (cheap next to the file create, sync and rename every put pays);
 * `getSize` needs no read, it is the file's size minus the trailer. The bytes come first so that a
 * hex dump still shows the value where go-ds-flatfs has it.
 */
export const VALUE_TRAILER_BYTES = 4;

export function encodeValue(data: Uint8Array): Uint8Array {
  const file = new Uint8Array(data.length + VALUE_TRAILER_BYTES);
  file.set(data, 0);
  new DataView(file.buffer).setUint32(data.length, crc32(data), true);
  return file;
}

/** The value in a file's bytes; FlatStoreCorruptError when they fail the checksum. */
export function decodeValue(path: string, file: Uint8Array): Uint8Array {
  const sizeBytes = valueSizeOf(path, file.length);
  const data = file.subarray(0, sizeBytes);
  const recorded = new DataView(file.buffer, file.byteOffset, file.byteLength).getUint32(sizeBytes, true);
  const actual = crc32(data);
  if (recorded !== actual) throw new FlatStoreCorruptError(path, `its crc32 is ${hex(actual)} but the file records ${hex(recorded)}`);
  return data;
}

/** The value's size from its file's size. */
export function valueSizeOf(path: string, fileSizeBytes: number): number {
  if (fileSizeBytes < VALUE_TRAILER_BYTES) {
    throw new FlatStoreCorruptError(path, `${fileSizeBytes} bytes is shorter than the ${VALUE_TRAILER_BYTES}-byte checksum every value file ends with`);
  }
  return fileSizeBytes - VALUE_TRAILER_BYTES;
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
