import { hasErrorCode } from '../fs/errors.js';
import { join } from '../fs/path.js';
import type { FileSystem } from '../fs/types.js';
import { ensureDirDurable, syncDirectory, unlinkIfExists, writeFileAtomic } from '../fs/durable.js';
import { CorruptLogError } from './errors.js';
import { decodeFirstIndex, encodeFirstIndex } from './first-index-record.js';
import type { FrameFormat, ScanResult } from './frame-format.js';
import type { SegmentLogDesign } from './segment-log-design.js';
import { isTempName, META_FILE, parseSegmentName, segmentName, TEMP_SUFFIX } from './segment-names.js';
import { Segment } from './segment.js';

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
 */

/** Scans one segment's bytes; the default is `scanFrames`, mutants replace it. */
export type SegmentScanner = (format: FrameFormat, bytes: Uint8Array, firstIndex: number) => ScanResult;

export interface RecoveredLog {
  readonly firstIndex: number;
  readonly segments: Segment[];
  /** The highest index known durable (0 when none): where the frames' watermark starts. */
  readonly durableIndex: number;
}

export async function recoverLog(fs: FileSystem, dir: string, design: SegmentLogDesign): Promise<RecoveredLog> {
  const { frames: format, scan, replayAcrossGaps } = design;
  await ensureDirDurable(fs, dir);
  const names = await fs.readdir(dir);
  let removedAny = false;
  for (const name of names) {
    if (isTempName(name)) removedAny = (await unlinkIfExists(fs, join(dir, name))) || removedAny;
  }
  const starts = names
    .map(parseSegmentName)
    .filter((start): start is number => start !== undefined)
    .sort((a, b) => a - b);

  let firstIndex = await readOrCreateFirstIndex(fs, dir, names.includes(META_FILE), starts.length > 0);

  // Segments wholly below the first index: their successor starts at or below it.
  let keepFrom = 0;
  while (keepFrom + 1 < starts.length && (starts[keepFrom + 1] as number) <= firstIndex) keepFrom++;
  for (const start of starts.slice(0, keepFrom)) {
    removedAny = (await unlinkIfExists(fs, join(dir, segmentName(start)))) || removedAny;
  }

  const segments: Segment[] = [];
  let durableIndex = 0;
  try {
    const live = starts.slice(keepFrom);
    if (replayAcrossGaps && live.length > 0) firstIndex = Math.max(firstIndex, live[0] as number);
    let expectedStart = live[0] ?? firstIndex;
    if (live.length > 0 && (live[0] as number) > firstIndex) {
      throw new CorruptLogError(dir, `first index is ${firstIndex} but the oldest segment starts at ${String(live[0])}`);
    }
    for (let i = 0; i < live.length; i++) {
      const named = live[i] as number;
      const start = replayAcrossGaps ? expectedStart : named;
      const isLast = i === live.length - 1;
      const path = join(dir, segmentName(named));
      const bytes = await fs.readFile(path);
      const result = scan(format, bytes, start);
      const segmentLast = start + result.offsets.length - 1;
      expectedStart = segmentLast + 1;
      if (isLast && result.stoppedEarly) assertTornTail(dir, format, bytes, result, start, named);
      if (!isLast) {
        if (result.stoppedEarly) {
          throw new CorruptLogError(dir, `sealed segment ${segmentName(start)} has a damaged frame after entry ${segmentLast}`);
        }
        const next = live[i + 1] as number;
        if (next !== segmentLast + 1 && !replayAcrossGaps) {
          throw new CorruptLogError(dir, `segment ${segmentName(start)} ends at entry ${segmentLast} but the next one starts at ${next}`);
        }
      }
      if (isLast && segmentLast < firstIndex) {
        // Everything it holds is below the first index: a front truncation was interrupted.
        removedAny = (await unlinkIfExists(fs, path)) || removedAny;
        continue;
      }
      const handle = await fs.open(path, 'r+');
      segments.push(new Segment(start, path, handle, result.offsets, result.validEndBytes));
      if (isLast && result.stoppedEarly) {
        // Cut the torn tail for good: a shorter frame written over it later could otherwise
        // leave an old, intact frame right behind it to be replayed as a phantom entry.
        await handle.truncate(result.validEndBytes);
        await handle.sync();
      } else if (isLast && result.offsets.length > 0) {
        // What was read may sit only in the page cache (a process crash): one sync per open
        // makes it durable, so frames written from now on can claim it in their watermark.
        await handle.datasync();
      }
      durableIndex = Math.max(durableIndex, segmentLast);
    }
  } catch (error) {
    await Promise.allSettled(segments.map((segment) => segment.handle.close()));
    throw error;
  }
  if (removedAny) await syncDirectory(fs, dir);
  return { firstIndex, segments, durableIndex };
}

/**
 * The last segment's scan stopped at a bad frame for entry `badIndex`: throws CorruptLogError when
 * an intact later frame proves that entry was durable (so the damage is no torn write).
 */
function assertTornTail(dir: string, format: FrameFormat, bytes: Uint8Array, result: ScanResult, start: number, named: number): void {
  const badIndex = start + result.offsets.length;
  const witness = format.findAcknowledgingFrame?.(bytes, result.validEndBytes, badIndex);
  if (witness === undefined) return;
  throw new CorruptLogError(
    dir,
    `entry ${badIndex} in the newest segment ${segmentName(named)} (at byte ${result.validEndBytes}) is damaged, and it cannot be a torn ` +
      `tail: entry ${witness.index} (at byte ${witness.offset}) is intact and was written after a sync had made entries up to ` +
      `${witness.watermark} durable`,
  );
}

async function readOrCreateFirstIndex(fs: FileSystem, dir: string, hasRecord: boolean, hasSegments: boolean): Promise<number> {
  if (!hasRecord) {
    if (hasSegments) throw new CorruptLogError(dir, `segments exist but the record '${META_FILE}' is missing`);
    // A new log (or a crash during its creation, before any segment could exist).
    await writeFileAtomic(fs, dir, META_FILE, encodeFirstIndex(1), TEMP_SUFFIX);
    return 1;
  }
  let record: Uint8Array;
  try {
    record = await fs.readFile(join(dir, META_FILE));
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) throw new CorruptLogError(dir, `record '${META_FILE}' vanished while opening`);
    throw error;
  }
  const decoded = decodeFirstIndex(record);
  if ('problem' in decoded) throw new CorruptLogError(dir, `record '${META_FILE}' is unreadable (${decoded.problem})`);
  return decoded.firstIndex;
}
