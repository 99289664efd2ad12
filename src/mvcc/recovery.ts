import { sometimes } from '../coverage/index.js';
import { MVCC_MARKS } from './marks.js';
import { hasErrorCode } from '../fs/errors.js';
import { join } from '../fs/path.js';
import type { FileSystem } from '../fs/types.js';
import { ensureDirDurable, unlinkIfExists, writeFileAtomic } from '../fs/durable.js';
import type { SegmentLog } from '../wal/segment-log-types.js';
import { openSegmentLog } from '../wal/segment-log.js';
import { MvccCorruptionError } from './errors.js';
import { type CheckpointState, decodeCheckpoint, decodeRecord, encodeCheckpoint, type LogRecord } from './record-codec.js';
import type { MvccStoreOptions } from './types.js';
import { VersionIndex } from './version-index.js';

/**
 * Opening the store's files: the checkpoint (the whole state as of one log index) plus the log
 * records above it. Layout under the root:
 *   checkpoint       the last checkpoint, replaced atomically (temp file, sync, rename, dir sync)
 *   checkpoint.tmp   a checkpoint being written; a leftover is removed at open
 *   wal/             the SegmentLog holding every write since the checkpoint
 */

export const CHECKPOINT_NAME = 'checkpoint';
export const CHECKPOINT_TEMP_SUFFIX = '.tmp';
export const WAL_DIR_NAME = 'wal';

/** Everything a store needs to start serving, as recovered from disk. */
export interface RecoveredState {
  readonly fs: FileSystem;
  readonly root: string;
  readonly log: SegmentLog;
  readonly index: VersionIndex;
  readonly lastCommitTs: number;
  readonly watermark: number;
  readonly internalKeyPrefix: string;
}

export const DEFAULT_INTERNAL_KEY_PREFIX = '!txn|';

export async function recoverState(fs: FileSystem, root: string, options: MvccStoreOptions): Promise<RecoveredState> {
  await ensureDirDurable(fs, root);
  // A temp file is a checkpoint that never got published; the published one (or the log) has it all.
  await unlinkIfExists(fs, join(root, CHECKPOINT_NAME + CHECKPOINT_TEMP_SUFFIX));
  const checkpoint = await readCheckpoint(fs, root);
  const openLog = options.openLog ?? openSegmentLog;
  const log = await openLog(fs, join(root, WAL_DIR_NAME), {
    syncOnAppend: false,
    ...(options.segmentSizeBytes === undefined ? {} : { segmentSizeBytes: options.segmentSizeBytes }),
  });
  try {
    const internalKeyPrefix = options.internalKeyPrefix ?? DEFAULT_INTERNAL_KEY_PREFIX;
    const replayed = await replay(root, log, checkpoint);
    replayed.index.prune(replayed.watermark, (key) => !key.startsWith(internalKeyPrefix));
    return { fs, root, log, internalKeyPrefix, ...replayed };
  } catch (error) {
    await log.close().catch(() => undefined);
    throw error;
  }
}

async function replay(root: string, log: SegmentLog, checkpoint: CheckpointState) {
  // The checkpoint is written only after the log was synced up to walIndex, and the log is
  // truncated only after the checkpoint is durable, so the log must reach walIndex and start at
  // or before walIndex + 1. Anything else means acknowledged writes are missing.
  if (log.lastIndex < checkpoint.walIndex) {
    throw new MvccCorruptionError(root, `the checkpoint includes log entry ${checkpoint.walIndex} but the log ends at ${log.lastIndex}`);
  }
  if (log.firstIndex > checkpoint.walIndex + 1) {
    throw new MvccCorruptionError(
      root,
      `the checkpoint ends at log entry ${checkpoint.walIndex} but the log starts at ${log.firstIndex}: entries in between are missing`,
    );
  }
  const index = new VersionIndex();
  for (const version of checkpoint.versions) index.put(version);
  let lastCommitTs = checkpoint.lastCommitTs;
  let watermark = checkpoint.watermark;
  sometimes(log.lastIndex > checkpoint.walIndex, MVCC_MARKS.replayedPastCheckpoint);
  for (let at = checkpoint.walIndex + 1; at <= log.lastIndex; at++) {
    const record = decodeLogEntry(root, at, await log.read(at));
    for (const write of record.writes) index.put(write);
    lastCommitTs = Math.max(lastCommitTs, record.lastCommitTs);
    watermark = Math.max(watermark, record.watermark ?? 0);
  }
  return { index, lastCommitTs, watermark };
}

function decodeLogEntry(root: string, at: number, bytes: Uint8Array): LogRecord {
  try {
    return decodeRecord(bytes);
  } catch (error) {
    throw new MvccCorruptionError(root, `log entry ${at} is not a valid record (${error instanceof Error ? error.message : String(error)})`);
  }
}

const EMPTY_CHECKPOINT: CheckpointState = { walIndex: 0, lastCommitTs: 0, watermark: 0, versions: [] };

async function readCheckpoint(fs: FileSystem, root: string): Promise<CheckpointState> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(join(root, CHECKPOINT_NAME));
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return EMPTY_CHECKPOINT;
    throw error;
  }
  try {
    return decodeCheckpoint(bytes);
  } catch (error) {
    // Published only by an atomic rename of a synced file: no crash can leave it damaged.
    throw new MvccCorruptionError(root, `the checkpoint file is damaged (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Publishes a checkpoint atomically and durably (temp file, sync, rename, directory sync). */
export async function writeCheckpoint(fs: FileSystem, root: string, state: CheckpointState): Promise<void> {
  await writeFileAtomic(fs, root, CHECKPOINT_NAME, encodeCheckpoint(state), CHECKPOINT_TEMP_SUFFIX);
}
