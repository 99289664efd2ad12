import { join } from '../../../src/fs/path.js';
import { openIndexedWal } from '../../../src/wal/indexed-wal.js';
import { makeOpenSegmentLog } from '../../../src/wal/segment-log.js';
import { DEFAULT_DESIGN } from '../../../src/wal/segment-log-design.js';
import type { SegmentLogDesign } from '../../../src/wal/segment-log-design.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { WAL_SEGMENT_SIZE_BYTES } from '../../../scenarios/wal/index.js';
import type { WalSystem } from '../../../scenarios/wal/index.js';
import { walEntryCodec } from '../../../scenarios/wal/index.js';

/** The wal scenario's system over a SegmentLog with some parts replaced. */
export function walFactoryWith(parts: Partial<SegmentLogDesign>): SystemFactory<WalSystem> {
  const openLog = makeOpenSegmentLog({ ...DEFAULT_DESIGN, ...parts });
  return (fs, root) => openIndexedWal(fs, join(root, 'wal'), walEntryCodec, { segmentSizeBytes: WAL_SEGMENT_SIZE_BYTES, openLog });
}
