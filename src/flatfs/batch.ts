import { reachable, sometimes } from '../coverage/index.js';
import { FLATFS_MARKS } from './marks.js';
import { hasErrorCode } from '../fs/errors.js';
import { syncDirectory, removeTree, unlinkIfExists } from './durable-io.js';
import { BatchBusyError, BatchWriteError } from './errors.js';
import { forEachBounded, Gate } from './gate.js';
import type { KeyTicket } from './key-ops.js';
import { validateKey } from './keys.js';
import type { StoreContext } from './store-context.js';
import { decodeValue, encodeValue } from './value-format.js';
import type { FlatBatchApi, FlatReader, FlatValue, QueryOptions } from './types.js';

/**
 * Puts written in the background at once, per batch. Enough to keep a disk's queue busy, few
 * enough that a big batch does not open thousands of files.
 */
export const BATCH_PUTS_CONCURRENCY_MAX = 16;

/** What the batch will do to a key on commit. */
export type PendingWrite =
  /** `written` resolves to the temp file's path once the value is in it (and synced). */
  | { readonly kind: 'put'; readonly sizeBytes: number; readonly written: Promise<string> }
  | { readonly kind: 'delete' };

/**
 * A batch: puts go to files in its own directory `.temp/batch-<nonce>-<n>/` (created on the first
 * put), deletes are remembered, and commit moves everything into place. Reads see the batch's
 * own writes first. Within a batch, the last put or delete of a key decides its fate, except that
 * a put of a key that already has a pending put is ignored (first writer wins): two writers never
 * share a temp file, and for content-addressed keys both values are the same.
 */
export class Batch implements FlatBatchApi {
  protected readonly context: StoreContext;
  /** Where reads of keys the batch does not touch go: the store. */
  protected readonly store: FlatReader;
  protected readonly pending = new Map<string, PendingWrite>();
  /** Every write started, including those of puts a later delete cancelled. */
  protected readonly writes: Promise<string>[] = [];
  protected readonly gate = new Gate(BATCH_PUTS_CONCURRENCY_MAX);
  #tempDir: Promise<string> | null = null;
  #firstWriteError: { readonly error: unknown } | null = null;
  #busy = false;

  constructor(context: StoreContext, store: FlatReader) {
    this.context = context;
    this.store = store;
  }

  async put(key: string, value: FlatValue): Promise<void> {
    this.assertUsable('put');
    validateKey(key);
    // Checked and recorded before any await, so concurrent puts of one key cannot both pass.
    const earlier = this.pending.get(key)?.kind;
    if (earlier === 'put') return;
    sometimes(earlier === 'delete', FLATFS_MARKS.batchDeleteThenPut);
    const data = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    const slot = this.gate.acquire();
    this.pending.set(key, { kind: 'put', sizeBytes: data.length, written: this.startWrite(slot, key, encodeValue(data)) });
    // Back-pressure: the caller waits for a slot, not for the write.
    await slot;
  }

  async delete(key: string): Promise<void> {
    this.assertUsable('delete');
    validateKey(key);
    // A cancelled put keeps writing its own temp file; commit ignores it and cleanup removes it.
    sometimes(this.pending.get(key)?.kind === 'put', FLATFS_MARKS.batchPutThenDelete);
    this.pending.set(key, { kind: 'delete' });
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    this.assertUsable('get');
    validateKey(key);
    const entry = this.pending.get(key);
    if (entry === undefined) return this.store.get(key);
    if (entry.kind === 'delete') return undefined;
    try {
      const path = await entry.written;
      return decodeValue(path, await this.context.fs.readFile(path));
    } catch (error) {
      // A commit started meanwhile and moved the file: the store has the key now.
      if (hasErrorCode(error, 'ENOENT')) return this.store.get(key);
      throw error;
    }
  }

  async has(key: string): Promise<boolean> {
    return (await this.getSize(key)) !== undefined;
  }

  async getSize(key: string): Promise<number | undefined> {
    this.assertUsable('getSize');
    validateKey(key);
    const entry = this.pending.get(key);
    if (entry === undefined) return this.store.getSize(key);
    return entry.kind === 'put' ? entry.sizeBytes : undefined;
  }

  async query(options: QueryOptions = {}): Promise<string[]> {
    this.assertUsable('query');
    const prefix = options.prefix ?? '';
    const keys = new Set(await this.store.query({ prefix }));
    for (const [key, entry] of this.pending) {
      if (!key.startsWith(prefix)) continue;
      if (entry.kind === 'put') keys.add(key);
      else keys.delete(key);
    }
    return [...keys].sort();
  }

  async commit(): Promise<void> {
    this.assertUsable('commit');
    this.#busy = true;
    try {
      await Promise.allSettled(this.writes);
      if (this.#firstWriteError !== null) throw new BatchWriteError(this.#firstWriteError.error);
      await this.apply();
    } finally {
      await this.#reset();
    }
  }

  async discard(): Promise<void> {
    this.assertUsable('discard');
    this.#busy = true;
    await Promise.allSettled(this.writes);
    await this.#reset();
  }

  /**
   * Starts writing `key`'s value to the batch's temp directory once `slot` is granted; resolves
   * to the file's path. Failures are kept for commit (nobody awaits most writes).
   */
  protected startWrite(slot: Promise<() => void>, key: string, data: Uint8Array): Promise<string> {
    const written = (async () => {
      const release = await slot;
      try {
        return await this.writePut(key, data, await this.tempDirectory());
      } finally {
        release();
      }
    })();
    this.writes.push(written);
    written.catch((error: unknown) => {
      this.#firstWriteError ??= { error };
    });
    return written;
  }

  /**
   * Writes one put's value into `dir` and returns the file's path. Each put gets a file of its
   * own (a fresh, exclusively created name), whatever its key. Seam for test/mutants/flatfs.
   */
  protected writePut(_key: string, data: Uint8Array, dir: string): Promise<string> {
    return this.context.writeTempFile('put', data, dir);
  }

  /** The batch's temp directory, created on first use. */
  protected tempDirectory(): Promise<string> {
    this.#tempDir ??= this.context.makeTempDirectory('batch');
    return this.#tempDir;
  }

  /**
   * Moves every pending put into its shard and applies the deletes, holding each key (in sorted
   * order, so two committing batches cannot deadlock) until the shard directories are synced:
   * an overlapping single put dropped in favour of this batch may only report success once the
   * batch's write is durable.
   */
  protected async apply(): Promise<void> {
    const { fs, shard, keyOps } = this.context;
    const entries = [...this.pending].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    await this.context.shardDirs.ensure(entries.filter(([, entry]) => entry.kind === 'put').map(([key]) => shard.dirOf(key)));
    const held: Array<{ readonly key: string; readonly entry: PendingWrite; readonly ticket: KeyTicket }> = [];
    let succeeded = false;
    try {
      for (const [key, entry] of entries) {
        const ticket = await keyOps.acquire(key);
        // null: an overlapping write of this key succeeded first and wins.
        if (ticket !== null) held.push({ key, entry, ticket });
        else reachable(FLATFS_MARKS.overlappingWriteWon);
      }
      const touchedDirs = new Set<string>();
      await forEachBounded(held, BATCH_PUTS_CONCURRENCY_MAX, async ({ key, entry }) => {
        if (entry.kind === 'put') await fs.rename(await entry.written, this.context.pathOf(key));
        else await unlinkIfExists(fs, this.context.pathOf(key));
        touchedDirs.add(this.context.shardDirOf(key));
      });
      if (this.context.sync) await this.syncShardDirectories([...touchedDirs]);
      succeeded = true;
    } finally {
      for (const { ticket } of held) ticket.settle(succeeded);
    }
  }

  /**
   * Makes the renames and unlinks in `dirs` durable. A directory only deletes touched may not
   * exist (nothing to delete there): skipped. Seam for test/mutants/flatfs.
   */
  protected async syncShardDirectories(dirs: readonly string[]): Promise<void> {
    await forEachBounded(dirs, BATCH_PUTS_CONCURRENCY_MAX, async (dir) => {
      try {
        await syncDirectory(this.context.fs, dir);
      } catch (error) {
        if (!hasErrorCode(error, 'ENOENT')) throw error;
      }
    });
  }

  protected assertUsable(action: string): void {
    this.context.assertOpen(`batch.${action}`);
    if (this.#busy) throw new BatchBusyError(action);
  }

  /** Removes the temp directory and forgets everything: the batch is as new. */
  async #reset(): Promise<void> {
    const tempDir = this.#tempDir;
    this.pending.clear();
    this.writes.length = 0;
    this.#tempDir = null;
    this.#firstWriteError = null;
    try {
      // Best effort: a leftover is removed by the next open, and the outcome is already decided.
      if (tempDir !== null) await removeTree(this.context.fs, await tempDir);
    } catch {
      // Ignored on purpose, see above.
    } finally {
      this.#busy = false;
    }
  }
}
