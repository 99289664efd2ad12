import type { FileSystem } from '../../src/fs/index.js';
import { MvccStore, type MvccStoreOptions } from '../../src/mvcc/index.js';
import { FAULT_KINDS, type Scenario, type SystemFactory } from '../../sim/index.js';
import { checkMvcc } from './check.js';
import { type CutMark, checkWithCutMarks, cutMark } from '../support/crash-marks.js';
import { INTERNAL_KEY_PREFIX, MVCC_MIX, USER_KEYS, type MvccOperation, type MvccResult, type MvccSystem, applyMvccOperation, describeMvccOperation, generateMvccWorkload, isMvccOperation } from './operations.js';

/**
 * The MVCC store under concurrent transactions over a few keys (so conflicts are frequent), reads
 * at many timestamps, non-transactional writes, syncs and compactions, crashed anywhere. After
 * recovery: lastCommitTs is at least every acknowledged commit timestamp; every acknowledged
 * commit is visible at its timestamp (above the watermark); two conflicting transactions never
 * both committed; every read, during the workload and after recovery, agrees with the reference
 * model built from the history; reads below the watermark fail as compacted; no call rejects
 * with an error its contract does not document (unexpected-error; see MVCC_ERROR_CONTRACT).
 */

export type { MvccOperation, MvccResult, MvccSystem } from './operations.js';

/** Small segments, so a short workload rolls the log and checkpoints truncate several. */
export const MVCC_SEGMENT_SIZE_BYTES = 1024;

/** How the scenario opens the bundled store (mutants open their variants the same way). */
export const MVCC_STORE_OPTIONS: MvccStoreOptions = { segmentSizeBytes: MVCC_SEGMENT_SIZE_BYTES, internalKeyPrefix: INTERNAL_KEY_PREFIX };

export const openMvccSystem: SystemFactory<MvccSystem> = (fs: FileSystem, root: string) => MvccStore.open(fs, root, MVCC_STORE_OPTIONS);

/** Where the crash fell, as coverage marks (see scenarios/support/crash-marks.ts). */
const MVCC_CUT_MARKS: readonly CutMark<MvccOperation>[] = [
  cutMark('mvcc', 'crash-in-transaction', 'the crash cut a transaction in flight', (op) => op.kind === 'txn'),
  cutMark('mvcc', 'crash-in-compaction', 'the crash cut a compaction in flight', (op) => op.kind === 'compact'),
];

export const mvccScenario: Scenario<MvccSystem, MvccOperation, MvccResult> = {
  name: 'mvcc',
  description: 'MVCC store: concurrent transactions, reads at many timestamps, compaction; lastCommitTs never goes back',
  defaultFactory: openMvccSystem,
  generate: generateMvccWorkload,
  swarm: { mix: MVCC_MIX, keysCountMax: USER_KEYS.length, faultKinds: FAULT_KINDS },
  apply: applyMvccOperation,
  close: (system) => system.close(),
  check: checkWithCutMarks(checkMvcc, MVCC_CUT_MARKS),
  // Each hit by at least 6% of the runs of a default campaign (seeds 1..200), so a default
  // campaign from any seed misses one only by rare chance (test/campaign/required-marks.test.ts).
  requiredMarks: [
    'mvcc.checkpoint.written',
    'mvcc.commit.conflict',
    'mvcc.compact.ran',
    'mvcc.recovery.replayed-log',
    'scenario.mvcc.crash-in-compaction',
    'scenario.mvcc.crash-in-transaction',
    'wal.group-commit.shared',
    'wal.recovery.torn-tail-cut',
  ],
  describe: describeMvccOperation,
  isOperation: isMvccOperation,
};
