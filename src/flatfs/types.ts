/**
 * FlatStore's public shapes. The scenario, `--impl` modules and the mutants program against these
 * interfaces, so another implementation can be tested without inheriting from FlatStore.
 */

/** A value: bytes, or a string stored as UTF-8. */
export type FlatValue = Uint8Array | string;

export interface QueryOptions {
  /** Only keys starting with this; default '' (every key). */
  readonly prefix?: string;
}

/** Reads. On a batch they see the batch's uncommitted puts and deletes first. */
export interface FlatReader {
  /** The value, or undefined when the key is absent. */
  get(key: string): Promise<Uint8Array | undefined>;
  has(key: string): Promise<boolean>;
  /** The value's size in bytes, or undefined when the key is absent. */
  getSize(key: string): Promise<number | undefined>;
  /** Keys matching the query, sorted (the disk's listing order is unspecified). */
  query(options?: QueryOptions): Promise<string[]>;
}

/**
 * Writes collected in a temp directory and applied by `commit()`. Not a transaction: a crash
 * during commit may apply some keys and not others, and each key is all old or all new.
 */
export interface FlatBatchApi extends FlatReader {
  /**
   * Starts writing `value` to the batch's temp directory and resolves once the write has one of
   * the batch's 16 write slots (not when it is written). A second put of a key that already has a
   * pending put is ignored: first writer wins, which is exact for content-addressed keys.
   */
  put(key: string, value: FlatValue): Promise<void>;
  /** Records a delete; it cancels a pending put of the key, and a later put cancels it. */
  delete(key: string): Promise<void>;
  /**
   * Waits for every put, renames each into its shard, applies the deletes, syncs each touched
   * shard directory (and the root when a shard directory was created), then removes the temp
   * directory. The batch is empty and reusable afterwards, whether commit succeeded or not.
   */
  commit(): Promise<void>;
  /** Drops everything pending and removes the temp directory; the batch is reusable. */
  discard(): Promise<void>;
}

export interface FlatStoreApi extends FlatReader {
  /**
   * Writes the value to a temp file, syncs it, renames it to `<shard>/<key>.data` and syncs the
   * shard directory (with `sync`); durable when it resolves. Overlapping writes of one key are
   * serialized and the first to succeed wins: the others resolve without writing.
   */
  put(key: string, value: FlatValue): Promise<void>;
  /** Removes the key (absent is fine); with `sync`, durably. Serialized per key like `put`. */
  delete(key: string): Promise<void>;
  batch(): FlatBatchApi;
  /** Rejects further calls. Closing holds no resources to release on disk. */
  close(): Promise<void>;
}
