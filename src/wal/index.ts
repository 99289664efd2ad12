/** The write-ahead log: SegmentLog (opaque entries in segment files) and IndexedWal<T>. */
export { openSegmentLog } from './segment-log.js';
export type { AppendResult, OpenSegmentLog, SegmentLog, SegmentLogOptions } from './segment-log-types.js';
export { IndexedWal, openIndexedWal } from './indexed-wal.js';
export type { IndexedWalOptions } from './indexed-wal.js';
export { bytesCodec, utf8Codec } from './codec.js';
export type { Codec } from './codec.js';
export { CorruptLogError, LogClosedError, LogFailedError, isCorruptLogError } from './errors.js';
export { crc32 } from '../checksum/crc32.js';
/**
 * The layout of a log directory, for checkers and tools that look at the files themselves: the
 * first index a segment file name encodes (so which segment is the newest). Using a log never
 * needs it.
 */
export { parseSegmentName } from './segment-names.js';
