import { hasErrorCode } from '../fs/errors.js';
import { join } from '../fs/path.js';
import type { FileSystem } from '../fs/types.js';
import { ensureDirDurable, syncDirectory, unlinkIfExists, writeFileAtomic } from '../fs/durable.js';
import { CorruptLogError } from './errors.js';
import { decodeFirstIndex, encodeFirstIndex } from './first-index-record.js';
import { scanFrames } from './frame-format.js';
import type { FrameFormat, ScanResult } from './frame-format.js';
import { isTempName, META_FILE, parseSegmentName, segmentName, TEMP_SUFFIX } from './segment-names.js';
import { Segment } from './segment.js';
import { reachable, sometimes } from '../coverage/index.js';
import { WAL_MARKS } from './marks.js';

export interface RecoveredLog {
  readonly firstIndex: number;
  readonly segments: Segment[];
  /** The highest index known durable (0 when none): where the frames' watermark starts. */
  readonly durableIndex: number;
}

/** What replaying the live segments found; `removedAny` when a name was removed (unsynced). */
interface Replayed extends RecoveredLog {
  readonly removedAny: boolean;
}

/**
 * Opening a log directory left in any crash state. The write path keeps three promises that make
 * this possible, and recovery leans on each:
 * 1. the first-index record is durable before any segment it makes obsolete is removed, so
 *    segments wholly below it are leftovers of an interrupted front truncation: finish it;
 * 2. a segment is synced before its successor is created, so sealed (non-last) segments are
 *    complete: damage there, or a gap between segments, is real corruption, never a crash;
 * 3. only the last segment has unsynced bytes, so its tail may be torn, zero-filled, or hold
 *    sectors persisted out of order: cut it at the first frame that fails its check.
 * A bad frame in the last segment may also be damage to an entry that was already durable (and
 * acknowledged): unsynced sectors persist out of order, so "a bad frame followed by good ones" is
 * by itself a legal crash state. Each frame therefore records the durable watermark (see
 * frame-format.ts): the last index a completed sync had made durable when it was written. When the
 * scan stops at a bad frame for entry i and some intact LATER frame records a watermark >= i, that
 * frame was written after entry i was durable, so entry i cannot be a torn write: the log refuses
 * with CorruptLogError instead of cutting acknowledged entries. (The claim is trustworthy: the
 * frame is intact, so it was written, and it was written only after the sync completed.)
 * Limit: damage to the newest durable frames, with no later frame written after their sync (or
 * with every such frame torn or damaged too), still looks like a torn tail and is cut.
 *
 * One instance recovers one directory once. The protected methods are the decisions recovery
 * makes; test/mutants overrides them one at a time (through FileSegmentLog.createRecovery) to
 * build deliberately broken logs.
 */
export class LogRecovery {
  protected readonly fs: FileSystem;
  protected readonly dir: string;
  /** How the log frames its entries (FileSegmentLog.frames). */
  protected readonly frames: FrameFormat;

  constructor(fs: FileSystem, dir: string, frames: FrameFormat) {
    this.fs = fs;
    this.dir = dir;
    this.frames = frames;
  }

  /** Sweeps temp files, finishes an interrupted front truncation, and replays every segment. */
  async recover(): Promise<RecoveredLog> {
    const { fs, dir } = this;
    await ensureDirDurable(fs, dir);
    const names = await fs.readdir(dir);
    let removedAny = false;
    for (const name of names) {
      if (!isTempName(name)) continue;
      reachable(WAL_MARKS.tempSwept);
      removedAny = (await unlinkIfExists(fs, join(dir, name))) || removedAny;
    }
    const starts = names
      .map(parseSegmentName)
      .filter((start): start is number => start !== undefined)
      .sort((a, b) => a - b);

    const recordedFirstIndex = await this.#readOrCreateFirstIndex(names.includes(META_FILE), starts.length > 0);

    // Segments wholly below the first index: their successor starts at or below it.
    let keepFrom = 0;
    while (keepFrom + 1 < starts.length && (starts[keepFrom + 1] as number) <= recordedFirstIndex) keepFrom++;
    sometimes(keepFrom > 0, WAL_MARKS.frontTruncationFinished);
    for (const start of starts.slice(0, keepFrom)) {
      removedAny = (await unlinkIfExists(fs, join(dir, segmentName(start)))) || removedAny;
    }

    const live = starts.slice(keepFrom);
    const replayed = await this.#replay(live, recordedFirstIndex);
    if (removedAny || replayed.removedAny) await syncDirectory(fs, dir);
    return { firstIndex: replayed.firstIndex, segments: replayed.segments, durableIndex: replayed.durableIndex };
  }

  // ---- The decisions of recovery (overridden by test/mutants only) ----

  /** A whole file's bytes: a segment, or the first-index record. */
  protected readWholeFile(path: string): Promise<Uint8Array> {
    return this.fs.readFile(path);
  }

  /**
   * The first index the log opens with. The record is the truth (promise 1); an oldest live
   * segment that starts above it means the entries in between are gone: corruption.
   */
  protected firstIndexFor(recordedFirstIndex: number, oldestSegmentStart: number | undefined): number {
    if (oldestSegmentStart !== undefined && oldestSegmentStart > recordedFirstIndex) {
      throw new CorruptLogError(this.dir, `first index is ${recordedFirstIndex} but the oldest segment starts at ${String(oldestSegmentStart)}`);
    }
    return recordedFirstIndex;
  }

  /**
   * The index the next segment's entries start at, given where the previous one started and
   * ended. A segment starts where its name says; since sealed segments are complete (promise 2),
   * one that does not start right after its predecessor's last entry is corruption.
   */
  protected nextSegmentStart(previousStart: number, previousLast: number, namedStart: number): number {
    if (namedStart !== previousLast + 1) {
      throw new CorruptLogError(this.dir, `segment ${segmentName(previousStart)} ends at entry ${previousLast} but the next one starts at ${namedStart}`);
    }
    return namedStart;
  }

  /**
   * The newest segment's scan stopped at a bad frame: throws CorruptLogError when an intact
   * later frame proves that entry was durable (so the damage is no torn write).
   */
  protected assertTornTail(bytes: Uint8Array, scan: ScanResult, start: number, named: number): void {
    const badIndex = start + scan.offsets.length;
    const witness = this.frames.findAcknowledgingFrame(bytes, scan.validEndBytes, badIndex);
    if (witness === undefined) return;
    reachable(WAL_MARKS.acknowledgedDamageRefused);
    throw new CorruptLogError(
      this.dir,
      `entry ${badIndex} in the newest segment ${segmentName(named)} (at byte ${scan.validEndBytes}) is damaged, and it cannot be a torn ` +
        `tail: entry ${witness.index} (at byte ${witness.offset}) is intact and was written after a sync had made entries up to ` +
        `${witness.watermark} durable`,
    );
  }

  // ---- Internals ----

  /** Opens every live segment, oldest first; closes what it opened when one is refused. */
  async #replay(live: readonly number[], recordedFirstIndex: number): Promise<Replayed> {
    const segments: Segment[] = [];
    let durableIndex = 0;
    let removedAny = false;
    try {
      const firstIndex = this.firstIndexFor(recordedFirstIndex, live[0]);
      let start = live[0] as number;
      for (let i = 0; i < live.length; i++) {
        const named = live[i] as number;
        const next = live[i + 1];
        const segmentStart = start;
        const path = join(this.dir, segmentName(named));
        const bytes = await this.readWholeFile(path);
        const scan = scanFrames(this.frames, bytes, segmentStart);
        const segmentLast = segmentStart + scan.offsets.length - 1;
        if (next === undefined && scan.stoppedEarly) this.assertTornTail(bytes, scan, segmentStart, named);
        if (next !== undefined) {
          if (scan.stoppedEarly) {
            throw new CorruptLogError(this.dir, `sealed segment ${segmentName(segmentStart)} has a damaged frame after entry ${segmentLast}`);
          }
          start = this.nextSegmentStart(segmentStart, segmentLast, next);
        } else if (segmentLast < firstIndex) {
          // Everything it holds is below the first index: a front truncation was interrupted.
          reachable(WAL_MARKS.frontTruncationFinished);
          removedAny = (await unlinkIfExists(this.fs, path)) || removedAny;
          continue;
        }
        segments.push(await this.#openSegment(path, segmentStart, scan, next === undefined));
        durableIndex = Math.max(durableIndex, segmentLast);
      }
      return { firstIndex, segments, durableIndex, removedAny };
    } catch (error) {
      await Promise.allSettled(segments.map((segment) => segment.handle.close()));
      throw error;
    }
  }

  /** Opens one segment for writing; the newest one's torn tail is cut, and what it kept synced. */
  async #openSegment(path: string, start: number, scan: ScanResult, isLast: boolean): Promise<Segment> {
    const handle = await this.fs.open(path, 'r+');
    const segment = new Segment(start, path, handle, scan.offsets, scan.validEndBytes);
    if (isLast && scan.stoppedEarly) {
      reachable(WAL_MARKS.tornTailCut);
      // Cut the torn tail for good: a shorter frame written over it later could otherwise
      // leave an old, intact frame right behind it to be replayed as a phantom entry.
      await handle.truncate(scan.validEndBytes);
      await handle.sync();
    } else if (isLast && scan.offsets.length > 0) {
      // What was read may sit only in the page cache (a process crash): one sync per open
      // makes it durable, so frames written from now on can claim it in their watermark.
      await handle.datasync();
    }
    return segment;
  }

  async #readOrCreateFirstIndex(hasRecord: boolean, hasSegments: boolean): Promise<number> {
    const { fs, dir } = this;
    if (!hasRecord) {
      if (hasSegments) throw new CorruptLogError(dir, `segments exist but the record '${META_FILE}' is missing`);
      // A new log (or a crash during its creation, before any segment could exist).
      await writeFileAtomic(fs, dir, META_FILE, encodeFirstIndex(1), TEMP_SUFFIX);
      return 1;
    }
    let record: Uint8Array;
    try {
      record = await this.readWholeFile(join(dir, META_FILE));
    } catch (error) {
      if (hasErrorCode(error, 'ENOENT')) throw new CorruptLogError(dir, `record '${META_FILE}' vanished while opening`);
      throw error;
    }
    const decoded = decodeFirstIndex(record);
    if ('problem' in decoded) throw new CorruptLogError(dir, `record '${META_FILE}' is unreadable (${decoded.problem})`);
    return decoded.firstIndex;
  }
}
