import type { FileSystem } from '../fs/types.js';

/**
 * The contract of SegmentLog, fixed before its implementation so that the persisters and the MVCC
 * store can be written against it in parallel.
 *
 * Indices start at 1 and only grow: an empty new log has firstIndex 1 and lastIndex 0; an empty
 * log always has firstIndex === lastIndex + 1, so the index counter survives truncation.
 */
export interface SegmentLogOptions {
  /** A segment is closed and a new one started past this size. Default 1 MiB. */
  segmentSizeBytes?: number;
  /**
   * Default true: `append` resolves only after its entries are durable (the segment file synced,
   * and the directory synced when the append created a segment). With false, `append` resolves
   * once the entries are written and they become durable at the next `sync()`; a crash before
   * that may lose them (never tear them into a wrong entry: frames are checksummed).
   */
  syncOnAppend?: boolean;
}

export interface AppendResult {
  /** Index of the first entry appended. */
  readonly first: number;
  /** Index of the last entry appended. */
  readonly last: number;
}

export interface SegmentLog {
  /** Index of the oldest entry kept (lastIndex + 1 when empty). */
  readonly firstIndex: number;
  /** Index of the newest entry (firstIndex - 1 when empty). */
  readonly lastIndex: number;
  /**
   * Appends entries at lastIndex + 1... Concurrent callers share syncs (group commit). Resolves
   * after they are durable unless `syncOnAppend` is false. An empty array is a no-op.
   */
  append(entries: readonly Uint8Array[]): Promise<AppendResult>;
  /** The entry at `index`; a RangeError-like error when outside [firstIndex, lastIndex]. */
  read(index: number): Promise<Uint8Array>;
  /** Removes every entry below `index` (firstIndex becomes `index`); durable when it resolves. */
  truncateFront(index: number): Promise<void>;
  /** Removes every entry above `index` (lastIndex becomes `index`); durable when it resolves. */
  truncateBack(index: number): Promise<void>;
  /** Removes every entry but keeps the counter: firstIndex becomes lastIndex + 1. Durable. */
  truncateAll(): Promise<void>;
  /** Makes every appended entry durable. */
  sync(): Promise<void>;
  /** Syncs and releases handles; the log is unusable afterwards. */
  close(): Promise<void>;
}

/** Opens (creating if missing) the log in directory `dir`, recovering from any crash state. */
export type OpenSegmentLog = (fs: FileSystem, dir: string, options?: SegmentLogOptions) => Promise<SegmentLog>;
