import { join } from '../../../src/fs/path.js';
import { openIndexedWal } from '../../../src/wal/indexed-wal.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { WAL_SEGMENT_SIZE_BYTES } from '../../../scenarios/wal/index.js';
import type { WalSystem } from '../../../scenarios/wal/index.js';
import { walEntryCodec } from '../../../scenarios/wal/index.js';

/**
 * Mutant: appends are acknowledged once written, before their sync: the wal system is opened
 * with the public option `syncOnAppend: false` (a tempting speed-up) yet still promises durable
 * appends. A crash loses acknowledged entries. No override is needed: the bug is a configuration
 * any user can choose, not a change to the log.
 */
const factory: SystemFactory<WalSystem> = (fs, root) =>
  openIndexedWal(fs, join(root, 'wal'), walEntryCodec, { segmentSizeBytes: WAL_SEGMENT_SIZE_BYTES, syncOnAppend: false });

export default factory;
