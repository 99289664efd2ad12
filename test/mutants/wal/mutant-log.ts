import { join } from '../../../src/fs/path.js';
import { openIndexedWal } from '../../../src/wal/indexed-wal.js';
import type { FileSegmentLog } from '../../../src/wal/segment-log.js';
import type { OpenSegmentLog } from '../../../src/wal/segment-log-types.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { WAL_SEGMENT_SIZE_BYTES } from '../../../scenarios/wal/index.js';
import type { WalSystem } from '../../../scenarios/wal/index.js';
import { walEntryCodec } from '../../../scenarios/wal/index.js';

/** `openSegmentLog` for a subclass of FileSegmentLog (a mutant overriding some of its steps). */
export function openLogAs(Log: typeof FileSegmentLog): OpenSegmentLog {
  return (fs, dir, options) => Log.open(fs, dir, options);
}

/** The wal scenario's system over a SegmentLog of class `Log`. */
export function walFactoryOver(Log: typeof FileSegmentLog): SystemFactory<WalSystem> {
  const openLog = openLogAs(Log);
  return (fs, root) => openIndexedWal(fs, join(root, 'wal'), walEntryCodec, { segmentSizeBytes: WAL_SEGMENT_SIZE_BYTES, openLog });
}
