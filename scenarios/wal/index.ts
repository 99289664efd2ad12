import { join } from '../../src/fs/index.js';
import type { FileSystem } from '../../src/fs/index.js';
import { openIndexedWal } from '../../src/wal/index.js';
import { FAULT_KINDS, type Scenario, type SystemFactory } from '../../sim/index.js';
import { checkWal } from './check.js';
import { type CutMark, checkWithCutMarks, cutMark } from '../support/crash-marks.js';
import { WAL_DIR, WAL_MIX, type WalOperation, type WalResult, type WalSystem, applyWalOperation, describeWalOperation, generateWalWorkload, isWalOperation, walEntryCodec } from './operations.js';

/**
 * The write-ahead log under concurrent appends and truncations at both ends, crashed anywhere.
 * After recovery: replay is contiguous and succeeds; every acknowledged append is present and
 * unchanged at the indices it was given, unless a truncation that might have run after it removed
 * it; nothing phantom; no entry at a wrong index or twice; the index counter never goes back.
 */

export type { WalEntry, WalOperation, WalResult, WalSystem } from './operations.js';
export { entryKey, walEntryCodec } from './operations.js';
export type { BitflipDamage } from './model.js';
export { checkWalHistory, flippedBitsCount } from './check.js';

/** Small segments, so workloads roll, seal and remove segments often. */
export const WAL_SEGMENT_SIZE_BYTES = 200;

export const openWalSystem: SystemFactory<WalSystem> = (fs: FileSystem, root: string) =>
  openIndexedWal(fs, join(root, WAL_DIR), walEntryCodec, { segmentSizeBytes: WAL_SEGMENT_SIZE_BYTES });

/** Where the crash fell, as coverage marks (see scenarios/support/crash-marks.ts). */
const WAL_CUT_MARKS: readonly CutMark<WalOperation>[] = [
  cutMark('wal', 'crash-in-truncation', 'the crash cut a truncateFront, truncateBack or truncateAll in flight', (op) => op.kind !== 'append'),
  cutMark('wal', 'crash-in-append', 'the crash cut an append in flight', (op) => op.kind === 'append'),
];

export const walScenario: Scenario<WalSystem, WalOperation, WalResult> = {
  name: 'wal',
  description: 'segment log + IndexedWal: concurrent appends, truncations at both ends; replay contiguous, acknowledged entries kept',
  defaultFactory: openWalSystem,
  generate: generateWalWorkload,
  swarm: { mix: WAL_MIX, valueSizes: true, faultKinds: FAULT_KINDS },
  apply: applyWalOperation,
  close: (wal) => wal.close(),
  check: checkWithCutMarks(checkWal, WAL_CUT_MARKS),
  // Each hit by at least 6% of the runs of a default campaign (seeds 1..200), so a default
  // campaign from any seed misses one only by rare chance (test/campaign/required-marks.test.ts).
  requiredMarks: [
    'scenario.wal.crash-in-append',
    'scenario.wal.crash-in-truncation',
    'wal.group-commit.shared',
    'wal.recovery.front-truncation-finished',
    'wal.recovery.temp-swept',
    'wal.segment.sealed',
    'wal.truncate-back.segment-removed',
  ],
  describe: describeWalOperation,
  isOperation: isWalOperation,
};
