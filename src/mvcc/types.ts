import type { OpenSegmentLog } from '../wal/segment-log-types.js';

/**
 * Public types of the MVCC store.
 *
 * Keys and values are JavaScript strings (stored as UTF-8). Keys are ordered the way JavaScript
 * compares strings (by UTF-16 code unit), which for ASCII keys is byte order. Timestamps are
 * non-negative safe integers; 0 means "before anything", so commit timestamps start at 1.
 */

/** One write of a transaction. */
export type Mutation =
  | {
      readonly type: 'put';
      readonly key: string;
      readonly value: string;
      /** The version stops being visible to reads at or after this timestamp. */
      readonly expireAt?: number;
    }
  | { readonly type: 'delete'; readonly key: string };

/** One visible key as scans return it. */
export interface KeyValue {
  readonly key: string;
  readonly value: string;
  /** The commit timestamp of the version read. */
  readonly commitTs: number;
}

/** Options of `putAt`. */
export interface PutOptions {
  /** The version stops being visible to reads at or after this timestamp. Default: never. */
  readonly expireAt?: number;
}

export interface MvccStoreOptions {
  /**
   * Opens the write-ahead log; the store opens it in `<root>/wal` with `syncOnAppend: false` and
   * syncs it itself (one sync per batch of concurrent commits). Default: the bundled SegmentLog.
   */
  readonly openLog?: OpenSegmentLog;
  /** Size at which the log starts a new segment. Default: the log's own default. */
  readonly segmentSizeBytes?: number;
  /**
   * Keys starting with this prefix are internal (transaction records and the like): compaction
   * never removes their versions, and point reads of them work below the watermark.
   * Default `!txn|`.
   */
  readonly internalKeyPrefix?: string;
}
