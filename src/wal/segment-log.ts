import { join } from '../fs/path.js';
import type { FileHandle, FileSystem } from '../fs/types.js';
import { readAt, syncDirectory, unlinkIfExists, writeFileAtomic, writeAll } from '../fs/durable.js';
import { CorruptLogError, LogClosedError, LogFailedError } from './errors.js';
import { encodeFirstIndex } from './first-index-record.js';
import { GroupCommit } from './group-commit.js';
import { Mutex } from './mutex.js';
import { assertIndex, assertOptions } from './segment-log-arguments.js';
import { reachable } from '../coverage/index.js';
import { WAL_MARKS } from './marks.js';
import { checksummedFrames } from './frame-format.js';
import type { FrameFormat } from './frame-format.js';
import { LogRecovery } from './recovery.js';
import type { RecoveredLog } from './recovery.js';
import type { AppendResult, OpenSegmentLog, SegmentLog, SegmentLogOptions } from './segment-log-types.js';
import { META_FILE, segmentName, TEMP_SUFFIX } from './segment-names.js';
import { findSegment, Segment } from './segment.js';

const DEFAULT_SEGMENT_SIZE_BYTES = 1024 * 1024;

/**
 * A write-ahead log of opaque entries in segment files (see segment-log-types.ts for the
 * contract, recovery.ts for the crash states it survives).
 *
 * Mutations (append's write, truncations, reads) run one at a time in call order under a lock;
 * syncs run outside it, so appenders that arrive while a sync is in flight write their frames
 * and then share the next sync (group commit). Any failed write or sync leaves the on-disk tail
 * unknown, so the log refuses every later call until it is reopened.
 *
 * The protected methods are the steps whose order and content make the log crash-safe (its
 * frame format, the durable records of truncations, its recovery); test/mutants overrides them
 * one at a time to build deliberately broken logs. Users only ever see the SegmentLog interface.
 */
export class FileSegmentLog implements SegmentLog {
  protected readonly fs: FileSystem;
  protected readonly dir: string;
  readonly #segmentSizeBytes: number;
  readonly #syncOnAppend: boolean;
  readonly #lock = new Mutex();
  readonly #groupCommit: GroupCommit;
  #segments: Segment[] = [];
  /** Segments written since the last flush. */
  readonly #dirtySegments = new Set<Segment>();
  // Segment creations are counted; a directory sync makes durable every creation counted before it
  // started. Counting (rather than a dirty flag cleared when a sync starts) matters: a seal must
  // not treat the directory as clean while another caller's directory sync is still in flight.
  #namesCreated = 0;
  #namesDurable = 0;
  /**
   * The last index a completed sync made durable: each frame records it (the durable watermark,
   * see frame-format.ts). `#durableEpoch` moves when truncateBack lowers it, so a sync that
   * started before cannot raise it back to indices that were removed and may be reused.
   */
  #durableIndex = 0;
  #durableEpoch = 0;
  #firstIndex = 1;
  #lastIndex = 0;
  #failure: Error | undefined;
  #closed = false;

  /**
   * Opens (creating if missing) the log in `dir` as an instance of this class (FileSegmentLog or
   * a subclass), recovering from any crash state. Users call `openSegmentLog`.
   */
  static async open<L extends FileSegmentLog>(
    this: new (fs: FileSystem, dir: string, options: SegmentLogOptions) => L,
    fs: FileSystem,
    dir: string,
    options: SegmentLogOptions = {},
  ): Promise<L> {
    assertOptions(options);
    const log = new this(fs, dir, options);
    log.#adopt(await log.createRecovery().recover());
    return log;
  }

  /** Use `FileSegmentLog.open`: the constructor does no I/O, and the log is empty until recovered. */
  constructor(fs: FileSystem, dir: string, options: SegmentLogOptions) {
    this.fs = fs;
    this.dir = dir;
    this.#segmentSizeBytes = options.segmentSizeBytes ?? DEFAULT_SEGMENT_SIZE_BYTES;
    this.#syncOnAppend = options.syncOnAppend ?? true;
    this.#groupCommit = new GroupCommit(() => this.#flush());
  }

  get firstIndex(): number {
    return this.#firstIndex;
  }

  get lastIndex(): number {
    return this.#lastIndex;
  }

  /** Syncs started so far (each may cover many appends). */
  get flushesCount(): number {
    return this.#groupCommit.flushesCount;
  }

  async append(entries: readonly Uint8Array[]): Promise<AppendResult> {
    this.#assertUsable();
    if (entries.length === 0) return { first: this.#lastIndex + 1, last: this.#lastIndex };
    if (this.#syncOnAppend) this.#groupCommit.beginWrite();
    const written = this.#lock.run(async () => {
      this.#assertUsable();
      const first = this.#lastIndex + 1;
      const watermark = Math.min(this.#durableIndex, first - 1);
      const format = this.frames;
      const frames = entries.map((entry, i) => format.encode(first + i, entry, watermark));
      return this.#guard(async () => {
        const segment = await this.#segmentForWrite(first);
        const offsets: number[] = [];
        let position = segment.sizeBytes;
        for (const frame of frames) {
          offsets.push(position);
          position += frame.length;
        }
        await writeAll(segment.handle, concat(frames, position - segment.sizeBytes), segment.sizeBytes);
        segment.offsets.push(...offsets);
        segment.sizeBytes = position;
        this.#lastIndex = first + entries.length - 1;
        this.#dirtySegments.add(segment);
        return { result: { first, last: this.#lastIndex }, ticket: this.#groupCommit.issueTicket() };
      });
    });
    if (!this.#syncOnAppend) return (await written).result;
    let ticket: number;
    let result: AppendResult;
    try {
      ({ result, ticket } = await written);
    } finally {
      this.#groupCommit.endWrite();
    }
    // Deferred: appenders still queued behind the lock join this group's sync.
    await this.#groupCommit.waitDurable(ticket, true);
    return result;
  }

  async read(index: number): Promise<Uint8Array> {
    assertIndex('read', index);
    return this.#lock.run(async () => {
      this.#assertUsable();
      if (index < this.#firstIndex || index > this.#lastIndex) {
        throw new RangeError(`SegmentLog.read: index ${index} is outside [${this.#firstIndex}, ${this.#lastIndex}]`);
      }
      const segment = findSegment(this.#segments, index);
      if (segment === undefined) throw new CorruptLogError(this.dir, `no segment holds entry ${index}`);
      const { start, end } = segment.frameRange(index);
      const frames = this.frames;
      const frame = await readAt(segment.handle, start, end - start);
      const header = frame.subarray(0, frames.headerBytes);
      const length = header.length === frames.headerBytes ? frames.payloadLength(header) : undefined;
      const payload = frame.subarray(frames.headerBytes, frames.headerBytes + (length ?? 0));
      if (length === undefined || payload.length !== length || !this.intactOnRead(index, header, payload)) {
        reachable(WAL_MARKS.readChecksumFailed);
        throw new CorruptLogError(this.dir, `entry ${index} in ${segmentName(segment.firstIndex)} fails its checksum`);
      }
      return payload.slice();
    });
  }

  async truncateFront(index: number): Promise<void> {
    assertIndex('truncateFront', index);
    return this.#lock.run(async () => {
      this.#assertUsable();
      if (index <= this.#firstIndex) return;
      if (index > this.#lastIndex + 1) {
        throw new RangeError(`SegmentLog.truncateFront: index ${index} is past lastIndex + 1 = ${this.#lastIndex + 1}`);
      }
      await this.#guard(() => this.#moveFirstIndex(index, (firstIndex) => this.recordFirstIndex(firstIndex)));
    });
  }

  truncateAll(): Promise<void> {
    return this.#lock.run(async () => {
      this.#assertUsable();
      const next = this.#lastIndex + 1;
      if (next === this.#firstIndex) return;
      await this.#guard(() => this.#moveFirstIndex(next, (nextIndex) => this.recordCounter(nextIndex)));
    });
  }

  async truncateBack(index: number): Promise<void> {
    assertIndex('truncateBack', index);
    return this.#lock.run(async () => {
      this.#assertUsable();
      if (index >= this.#lastIndex) return;
      if (index < this.#firstIndex - 1) {
        throw new RangeError(`SegmentLog.truncateBack: index ${index} is below firstIndex - 1 = ${this.#firstIndex - 1}`);
      }
      await this.#guard(async () => {
        await this.#groupCommit.waitDurable();
        // Newest segments first, each removal durable before the next: any crash leaves a prefix.
        for (let last = this.#segments.at(-1); last !== undefined && last.firstIndex > index; last = this.#segments.at(-1)) {
          this.#segments.pop();
          reachable(WAL_MARKS.truncateBackRemovedSegment);
          await this.#removeSegment(last);
          await syncDirectory(this.fs, this.dir);
        }
        const last = this.#segments.at(-1);
        if (last !== undefined && last.lastIndex > index) {
          const keep = index - last.firstIndex + 1;
          const sizeBytes = last.offsets[keep] ?? last.sizeBytes;
          await this.cutSegment(last.handle, sizeBytes);
          last.offsets.length = keep;
          last.sizeBytes = sizeBytes;
        }
        this.#lastIndex = index;
        this.#durableIndex = Math.min(this.#durableIndex, index);
        this.#durableEpoch++;
      });
    });
  }

  async sync(): Promise<void> {
    this.#assertUsable();
    await this.#groupCommit.waitDurable();
  }

  close(): Promise<void> {
    return this.#lock.run(async () => {
      if (this.#closed) return;
      try {
        if (this.#failure === undefined) await this.#groupCommit.waitDurable();
      } finally {
        this.#closed = true;
        await Promise.allSettled(this.#segments.map((segment) => segment.handle.close()));
      }
    });
  }

  // ---- The steps that make the log crash-safe (overridden by test/mutants only) ----

  /** How entries are framed: every append encodes, every read and recovery scan checks, with it. */
  protected get frames(): FrameFormat {
    return checksummedFrames;
  }

  /** Whether a frame `read` returns is intact: checked on every read, as durable bytes rot after open. */
  protected intactOnRead(index: number, header: Uint8Array, payload: Uint8Array): boolean {
    return this.frames.verify(index, header, payload);
  }

  /**
   * truncateFront's record: the new first index, durable before any segment below it is removed.
   * Recovery trusts the record, so segments that vanish out of order cannot leave a hole.
   */
  protected recordFirstIndex(firstIndex: number): Promise<void> {
    return this.#writeFirstIndexRecord(firstIndex);
  }

  /**
   * truncateAll's record: the index counter (the next index to assign), durable before the
   * segments are removed. An empty log has no entry left to carry it: the record is its only
   * trace, without which a crash would hand out used indices again.
   */
  protected recordCounter(nextIndex: number): Promise<void> {
    return this.#writeFirstIndexRecord(nextIndex);
  }

  /**
   * truncateBack's cut of the newest segment it keeps: the new size, durable before the call
   * resolves, so that removed entries cannot come back after a crash.
   */
  protected async cutSegment(handle: FileHandle, sizeBytes: number): Promise<void> {
    await handle.truncate(sizeBytes);
    await handle.datasync();
  }

  /** The recovery that opening runs on this log's directory, with this log's frame format. */
  protected createRecovery(): LogRecovery {
    return new LogRecovery(this.fs, this.dir, this.frames);
  }

  // ---- Internals ----

  #adopt(recovered: RecoveredLog): void {
    const { firstIndex, segments } = recovered;
    this.#segments = segments;
    this.#firstIndex = firstIndex;
    const last = segments[segments.length - 1];
    this.#lastIndex = last === undefined ? firstIndex - 1 : Math.max(last.lastIndex, firstIndex - 1);
    this.#durableIndex = Math.min(recovered.durableIndex, this.#lastIndex);
  }

  #writeFirstIndexRecord(firstIndex: number): Promise<void> {
    return writeFileAtomic(this.fs, this.dir, META_FILE, encodeFirstIndex(firstIndex), TEMP_SUFFIX);
  }

  /**
   * Makes `firstIndex` durable through `record`, then removes the segments it makes obsolete. The
   * order is the crash-safety argument: a crash in between leaves segments that recovery removes.
   */
  async #moveFirstIndex(firstIndex: number, record: (firstIndex: number) => Promise<void>): Promise<void> {
    await this.#groupCommit.waitDurable();
    await record(firstIndex);
    this.#firstIndex = firstIndex;
    let removed = 0;
    while (removed < this.#segments.length) {
      const segment = this.#segments[removed] as Segment;
      const next = this.#segments[removed + 1];
      const obsolete = next === undefined ? segment.lastIndex < firstIndex : next.firstIndex <= firstIndex;
      if (!obsolete) break;
      await this.#removeSegment(segment);
      removed++;
    }
    this.#segments.splice(0, removed);
    if (removed > 0) await syncDirectory(this.fs, this.dir);
  }

  async #removeSegment(segment: Segment): Promise<void> {
    this.#dirtySegments.delete(segment);
    await segment.handle.close();
    await unlinkIfExists(this.fs, segment.path);
  }

  /** The segment the entry `index` goes to, rolling to a new one when the current is full. */
  async #segmentForWrite(index: number): Promise<Segment> {
    const current = this.#segments.at(-1);
    if (current !== undefined && current.sizeBytes < this.#segmentSizeBytes) return current;
    if (current !== undefined) {
      // Seal it: a segment is complete on disk, and its name durable, before a successor can
      // exist. That is what lets recovery call damage in a sealed segment, or a missing one,
      // corruption rather than a torn tail: only the newest segment is ever in flux.
      await current.handle.datasync();
      await this.#syncDirectoryIfNeeded();
      reachable(WAL_MARKS.segmentSealed);
    }
    const path = join(this.dir, segmentName(index));
    const handle = await this.fs.open(path, 'wx+');
    const segment = new Segment(index, path, handle, [], 0);
    this.#segments.push(segment);
    this.#namesCreated++;
    return segment;
  }

  /** Syncs the directory when a segment creation is not yet known to be durable. */
  async #syncDirectoryIfNeeded(): Promise<void> {
    const created = this.#namesCreated;
    if (created <= this.#namesDurable) return;
    await syncDirectory(this.fs, this.dir);
    this.#namesDurable = Math.max(this.#namesDurable, created);
  }

  /** One group-commit flush: syncs the segments written so far, then the directory if needed. */
  #flush(): Promise<void> {
    // A failed write or sync may have dropped dirty data of these very segments (a failed
    // datasync while sealing one drops every unsynced frame in it), so a sync now could succeed
    // while acknowledged frames are gone: refuse, and let every waiter fail.
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const segments = [...this.#dirtySegments];
    this.#dirtySegments.clear();
    // Every frame up to lastIndex is written (lastIndex moves only after its write completed).
    const covered = this.#lastIndex;
    const epoch = this.#durableEpoch;
    return this.#guard(async () => {
      for (const segment of segments) await segment.handle.datasync();
      await this.#syncDirectoryIfNeeded();
      if (epoch === this.#durableEpoch) this.#durableIndex = Math.max(this.#durableIndex, covered);
    });
  }

  /** Runs I/O whose failure leaves the disk state unknown: on failure, the log stops serving. */
  async #guard<T>(io: () => Promise<T>): Promise<T> {
    try {
      return await io();
    } catch (error) {
      this.#failure ??= new LogFailedError(this.dir, error);
      throw error;
    }
  }

  #assertUsable(): void {
    if (this.#closed) throw new LogClosedError(this.dir);
    if (this.#failure !== undefined) throw this.#failure;
  }
}

function concat(chunks: readonly Uint8Array[], totalBytes: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(totalBytes);
  let position = 0;
  for (const chunk of chunks) {
    out.set(chunk, position);
    position += chunk.length;
  }
  return out;
}

/**
 * Opens (creating if missing) the segment log in `dir`, recovering from any crash state: finishes
 * interrupted truncations, cuts a torn tail, sweeps temp files, and refuses with CorruptLogError
 * when files are damaged in a way no crash explains.
 */
export const openSegmentLog: OpenSegmentLog = (fs, dir, options) => FileSegmentLog.open(fs, dir, options);
