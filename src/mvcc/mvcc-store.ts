import { reachable } from '../coverage/index.js';
import { MVCC_MARKS } from './marks.js';
import type { FileSystem } from '../fs/types.js';
import type { SegmentLog } from '../wal/segment-log-types.js';
import {
  MvccArgumentError,
  MvccClosedError,
  MvccFailedError,
  ReadTsCompactedError,
  WriteConflictError,
} from './errors.js';
import { encodeRecord, type LogRecord } from './record-codec.js';
import { type RecoveredState, recoverState, writeCheckpoint } from './recovery.js';
import { SerialQueue } from './serial-queue.js';
import type { KeyValue, Mutation, MvccStoreOptions, PutOptions } from './types.js';
import { type KeyedVersion, VersionIndex, visibleValue } from './version-index.js';

/**
 * A multi-version key-value store on the write-ahead log (SegmentLog) and a checkpoint file.
 *
 * Durability, per call:
 * - `applyMutations` resolves once its versions AND the new `lastCommitTs` are durable: they go
 *   into ONE log record, synced before the call returns. So `lastCommitTs()` never goes back,
 *   crashes included, and a reader never sees a commit that a crash could take away.
 * - `putAt`, `deleteAt`, `expireAt` (non-transactional) resolve once written to the log and
 *   applied: acknowledged and visible, durable after the next `sync()` (or a later
 *   `applyMutations`, `compact` or `checkpoint`, which sync the log). A crash before that may
 *   lose them, whole.
 * - `compact(minTs)` makes the watermark durable before it removes anything.
 *
 * Concurrency: every write goes through one serial queue. Concurrent writes are batched: the
 * running batch checks each transaction for conflicts (against the committed state and the
 * earlier writes of the batch), appends one record per accepted call, syncs once, and only then
 * applies them in memory. Nothing else can check or commit in between, so two conflicting
 * transactions never both commit, and concurrent committers share one fsync (group commit).
 * Reads are served from memory and never wait for writers.
 */
export class MvccStore {
  protected readonly fs: FileSystem;
  protected readonly root: string;
  protected readonly log: SegmentLog;
  protected readonly index: VersionIndex;
  readonly #internalKeyPrefix: string;
  readonly #queue = new SerialQueue();
  #lastCommitTs: number;
  #watermark: number;
  #pending: PendingWrite[] = [];
  #flushScheduled = false;
  #closed = false;
  #failure: MvccFailedError | undefined;

  /** Opens (creating if missing) the store in `root`, recovering from any crash state. */
  static async open<Store extends MvccStore>(
    this: new (state: RecoveredState) => Store,
    fs: FileSystem,
    root: string,
    options: MvccStoreOptions = {},
  ): Promise<Store> {
    return new this(await recoverState(fs, root, options));
  }

  /** Use `MvccStore.open`; this takes the state that recovery built. */
  constructor(state: RecoveredState) {
    this.fs = state.fs;
    this.root = state.root;
    this.log = state.log;
    this.index = state.index;
    this.#lastCommitTs = state.lastCommitTs;
    this.#watermark = state.watermark;
    this.#internalKeyPrefix = state.internalKeyPrefix;
  }

  /** The newest commit timestamp applied (transactional or not). Never decreases. */
  lastCommitTs(): number {
    return this.#lastCommitTs;
  }

  /** The compaction watermark: reads below it fail with ReadTsCompactedError. 0 initially. */
  minRetainedTs(): number {
    return this.#watermark;
  }

  /** The value of `key` at `ts`, or undefined (never written, deleted or expired at `ts`). */
  async getAt(key: string, ts: number): Promise<string | undefined> {
    this.#assertReadable('getAt', ts, key);
    return visibleValue(this.index.versionAt(key, ts), ts);
  }

  async existsAt(key: string, ts: number): Promise<boolean> {
    return (await this.getAt(key, ts)) !== undefined;
  }

  /** The newest commit timestamp of `key` (tombstones included), or undefined. */
  async latestCommitTs(key: string): Promise<number | undefined> {
    this.#assertOpen();
    return this.index.latestCommitTs(key);
  }

  /** Keys visible at `ts` in [start, end), ascending, stopping after `limit` of them. */
  async scanAt(start: string, end: string, ts: number, limit: number): Promise<KeyValue[]> {
    this.#assertReadable('scanAt', ts);
    assertLimit('scanAt', limit);
    return this.index.scan(start, end, ts, limit);
  }

  /** Keys visible at `ts` in [start, end), descending, stopping after `limit` of them. */
  async reverseScanAt(start: string, end: string, ts: number, limit: number): Promise<KeyValue[]> {
    this.#assertReadable('reverseScanAt', ts);
    assertLimit('reverseScanAt', limit);
    return this.index.reverseScan(start, end, ts, limit);
  }

  /**
   * Commits `mutations` at `commitTs` if no key they write has a version newer than `startTs`
   * (else WriteConflictError, and nothing is written). Durable when it resolves.
   */
  async applyMutations(mutations: readonly Mutation[], startTs: number, commitTs: number): Promise<void> {
    assertTimestamp('applyMutations', 'startTs', startTs);
    assertCommitTs('applyMutations', commitTs);
    if (commitTs <= startTs) throw new MvccArgumentError('applyMutations', `commitTs (${commitTs}) must be greater than startTs (${startTs})`);
    for (const mutation of mutations) {
      if (mutation.type === 'put' && mutation.expireAt !== undefined) assertTimestamp('applyMutations', 'expireAt', mutation.expireAt);
    }
    await this.#submit({ kind: 'txn', mutations, startTs, commitTs });
  }

  /** Writes `value` at `commitTs` without a conflict check. Durable after the next `sync()`. */
  async putAt(key: string, value: string, commitTs: number, options: PutOptions = {}): Promise<void> {
    assertCommitTs('putAt', commitTs);
    if (options.expireAt !== undefined) assertTimestamp('putAt', 'expireAt', options.expireAt);
    await this.#submit({ kind: 'write', write: { key, commitTs, value, expireAt: options.expireAt } });
  }

  /** Writes a tombstone at `commitTs` without a conflict check. Durable after the next `sync()`. */
  async deleteAt(key: string, commitTs: number): Promise<void> {
    assertCommitTs('deleteAt', commitTs);
    await this.#submit({ kind: 'write', write: { key, commitTs, value: null, expireAt: undefined } });
  }

  /**
   * Writes, at `commitTs`, the value visible at `commitTs` again with expiry `expireAt`. Resolves
   * false (writing nothing) when no value is visible there. Durable after the next `sync()`.
   */
  async expireAt(key: string, expireAt: number, commitTs: number): Promise<boolean> {
    assertCommitTs('expireAt', commitTs);
    assertTimestamp('expireAt', 'expireAt', expireAt);
    return this.#submit({ kind: 'expire', key, expireAt, commitTs });
  }

  /** Makes every acknowledged write durable. */
  async sync(): Promise<void> {
    this.#assertWritable();
    await this.#queue.run(() => this.#guardIo(() => this.log.sync()));
  }

  /**
   * Drops history below `minTs` (per key: the newest version at or below it and everything newer
   * stay; internal keys keep everything). The watermark is made durable first, so a crash
   * mid-way never removes a version a reader may still ask for. Then writes a checkpoint.
   * A `minTs` at or below the current watermark changes nothing.
   */
  async compact(minTs: number): Promise<void> {
    assertTimestamp('compact', 'minTs', minTs);
    this.#assertWritable();
    await this.#queue.run(async () => {
      this.#assertNotFailed();
      if (minTs <= this.#watermark) return;
      await this.#guardIo(async () => {
        await this.log.append([encodeRecord({ lastCommitTs: this.#lastCommitTs, watermark: minTs, writes: [] })]);
        await this.log.sync();
      });
      this.#watermark = minTs;
      reachable(MVCC_MARKS.compacted);
      this.index.prune(minTs, (key) => !this.isInternalKey(key));
      await this.#checkpointExclusive();
    });
  }

  /** Writes the whole state to the checkpoint file, then truncates the log it covers. */
  async checkpoint(): Promise<void> {
    this.#assertWritable();
    await this.#queue.run(() => this.#checkpointExclusive());
  }

  /** Waits for writes in flight, syncs and closes the log. Later calls fail with MvccClosedError. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue.run(() => this.log.close());
  }

  /**
   * The conflict check: the first key of `mutations` with a version newer than `startTs`, in the
   * committed state or among `batch` (writes accepted earlier in the same batch, not applied yet).
   */
  protected findConflict(mutations: readonly Mutation[], startTs: number, batch: VersionIndex): WriteConflictError | undefined {
    for (const { key } of mutations) {
      const newest = Math.max(this.index.latestCommitTs(key) ?? 0, batch.latestCommitTs(key) ?? 0);
      if (newest > startTs) return new WriteConflictError(key, startTs, newest);
    }
    return undefined;
  }

  /**
   * Appends one record per accepted write call; syncs when one of them promised durability.
   * Each record carries the store's lastCommitTs after it, in the same frame as its versions.
   */
  protected async writeRecords(records: readonly LogRecord[], durable: boolean): Promise<void> {
    await this.log.append(records.map(encodeRecord));
    if (durable) await this.log.sync();
  }

  #submit(request: WriteRequest): Promise<boolean> {
    this.#assertWritable();
    return new Promise<boolean>((resolve, reject) => {
      this.#pending.push({ request, resolve, reject });
      if (this.#flushScheduled) return;
      this.#flushScheduled = true;
      void this.#queue.run(() => this.#flush());
    });
  }

  /** One batch: check, append (and sync), apply. Runs alone on the queue; never rejects. */
  async #flush(): Promise<void> {
    this.#flushScheduled = false;
    const batch = this.#pending;
    this.#pending = [];
    // Writes submitted before close() still run: close() queues behind them.
    if (this.#failure !== undefined) {
      for (const entry of batch) entry.reject(this.#failure);
      return;
    }
    const overlay = new VersionIndex();
    const accepted: { entry: PendingWrite; writes: KeyedVersion[] }[] = [];
    const records: LogRecord[] = [];
    let lastCommitTs = this.#lastCommitTs;
    let durable = false;
    for (const entry of batch) {
      const prepared = this.#prepare(entry.request, overlay);
      if (prepared instanceof Error) {
        entry.reject(prepared);
        continue;
      }
      if (prepared.length === 0) {
        entry.resolve(false);
        continue;
      }
      for (const write of prepared) overlay.put(write);
      lastCommitTs = Math.max(lastCommitTs, commitTsOf(entry.request));
      records.push({ lastCommitTs, writes: prepared });
      accepted.push({ entry, writes: prepared });
      durable ||= entry.request.kind === 'txn';
    }
    if (records.length === 0) return;
    try {
      await this.#guardIo(() => this.writeRecords(records, durable));
    } catch (error) {
      for (const { entry } of accepted) entry.reject(error);
      return;
    }
    // From the check above to here, no other writer ran: this is the atomic commit point.
    for (const { writes } of accepted) for (const write of writes) this.index.put(write);
    this.#lastCommitTs = Math.max(this.#lastCommitTs, lastCommitTs);
    for (const { entry } of accepted) entry.resolve(true);
  }

  /** The versions an entry writes (empty: nothing to write), or why it is refused. */
  #prepare(entry: WriteRequest, overlay: VersionIndex): KeyedVersion[] | Error {
    if (entry.kind === 'write') return [entry.write];
    if (entry.kind === 'expire') {
      const committed = this.index.versionAt(entry.key, entry.commitTs);
      const batched = overlay.versionAt(entry.key, entry.commitTs);
      // The batch's version is applied after the committed one, so it wins a tie.
      const current = committed === undefined || (batched !== undefined && batched.commitTs >= committed.commitTs) ? batched : committed;
      const value = visibleValue(current, entry.commitTs);
      if (value === undefined) return [];
      return [{ key: entry.key, commitTs: entry.commitTs, value, expireAt: entry.expireAt }];
    }
    const conflict = this.findConflict(entry.mutations, entry.startTs, overlay);
    if (conflict !== undefined) {
      reachable(MVCC_MARKS.conflict);
      return conflict;
    }
    return entry.mutations.map((mutation) =>
      mutation.type === 'put'
        ? { key: mutation.key, commitTs: entry.commitTs, value: mutation.value, expireAt: mutation.expireAt }
        : { key: mutation.key, commitTs: entry.commitTs, value: null, expireAt: undefined },
    );
  }

  /** Must run on the queue: nothing may be appended between the snapshot and the truncation. */
  async #checkpointExclusive(): Promise<void> {
    this.#assertNotFailed();
    await this.#guardIo(async () => {
      // Synced first so the log durably reaches walIndex: after a crash, new entries must get
      // indices above the checkpoint's, or recovery would skip them.
      await this.log.sync();
      const walIndex = this.log.lastIndex;
      await writeCheckpoint(this.fs, this.root, {
        walIndex,
        lastCommitTs: this.#lastCommitTs,
        watermark: this.#watermark,
        versions: [...this.index.entries()],
      });
      reachable(MVCC_MARKS.checkpointWritten);
      await this.log.truncateAll();
    });
  }

  /** Runs I/O; a failure leaves the disk state unknown, so the store stops accepting writes. */
  async #guardIo<T>(io: () => Promise<T>): Promise<T> {
    try {
      return await io();
    } catch (error) {
      this.#failure ??= new MvccFailedError(this.root, error);
      throw this.#failure;
    }
  }

  /** Whether `key` is internal (never compacted): it starts with the internal-key prefix. */
  protected isInternalKey(key: string): boolean {
    return key.startsWith(this.#internalKeyPrefix);
  }

  #assertOpen(): void {
    if (this.#closed) throw new MvccClosedError(this.root);
  }

  #assertWritable(): void {
    this.#assertOpen();
    this.#assertNotFailed();
  }

  #assertNotFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** Internal keys are never compacted, so their point reads stay valid below the watermark. */
  #assertReadable(where: string, ts: number, key?: string): void {
    this.#assertOpen();
    assertTimestamp(where, 'ts', ts);
    if (ts < this.#watermark && (key === undefined || !this.isInternalKey(key))) throw new ReadTsCompactedError(ts, this.#watermark);
  }
}

type WriteRequest =
  | { readonly kind: 'txn'; readonly mutations: readonly Mutation[]; readonly startTs: number; readonly commitTs: number }
  | { readonly kind: 'write'; readonly write: KeyedVersion }
  | { readonly kind: 'expire'; readonly key: string; readonly expireAt: number; readonly commitTs: number };

interface PendingWrite {
  readonly request: WriteRequest;
  readonly resolve: (written: boolean) => void;
  readonly reject: (error: unknown) => void;
}

function commitTsOf(request: WriteRequest): number {
  return request.kind === 'write' ? request.write.commitTs : request.commitTs;
}

function assertTimestamp(where: string, name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new MvccArgumentError(where, `${name} must be a non-negative safe integer, got ${String(value)}`);
  }
}

function assertCommitTs(where: string, commitTs: number): void {
  if (!Number.isSafeInteger(commitTs) || commitTs < 1) {
    throw new MvccArgumentError(where, `commitTs must be a safe integer of at least 1, got ${String(commitTs)}`);
  }
}

function assertLimit(where: string, limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new MvccArgumentError(where, `limit must be a positive integer, got ${String(limit)}`);
}
