import type { FileSystem } from '../../src/fs/index.js';
import { Persistence } from '../../src/persist/index.js';
import { Mutex } from '../../src/support/index.js';
import { FAULT_KINDS, type Scenario, type SystemFactory } from '../../sim/index.js';
import { checkPersist } from './check.js';
import { type CutMark, checkWithCutMarks, cutMark } from '../support/crash-marks.js';
import {
  PERSIST_LANES,
  type PersistOperation,
  type PersistResult,
  type PersistSystem,
  applyPersistCycle,
  describePersistCycle,
  generatePersistWorkload,
  isPersistOperation,
} from './operations.js';

/**
 * Consensus persistence: lanes of blocks and a chain of commit certificates advance while a prune
 * anchor moves forward (sometimes past everything a lane persisted), crashed anywhere. After
 * restart: startup succeeds with no gaps; the anchor is the last acknowledged one or newer; its
 * certificate is served; every acknowledged block and certificate the anchor still needs is there,
 * unchanged and in order with no gap anywhere, and nothing below the anchor is served; every lane
 * accepts the block the anchor says comes next. After each acknowledged cycle the producer
 * re-sends its newest certificate (which must be ignored) and re-offers each lane its newest
 * block (which must be refused: block numbers are never reused, not even after truncate-all).
 * A cycle rejects only when an injected fault explains it (unexpected-error; see
 * PERSIST_ERROR_CONTRACT).
 */

export type { PersistOperation, PersistResult, PersistSystem } from './operations.js';
export { PERSIST_LANES, blockPayload, qcPayload } from './operations.js';
export type { PersistDamage } from './model.js';
export { NO_PERSIST_DAMAGE, persistDamage } from './model.js';
export { checkPersistHistory } from './check.js';

export const PERSIST_SEGMENT_SIZE_BYTES = 400;

/** The scenario's system over the Persistence that `PersistenceClass.open` returns (a subclass may replace its steps). */
export function persistSystemOver(PersistenceClass: typeof Persistence): SystemFactory<PersistSystem> {
  return async (fs: FileSystem, root: string) => {
    const persistence = await PersistenceClass.open(fs, root, { segmentSizeBytes: PERSIST_SEGMENT_SIZE_BYTES });
    return { persistence, producer: { nextBlock: new Map(PERSIST_LANES.map((lane) => [lane, 1])), nextRoad: 1, anchor: undefined }, lock: new Mutex() };
  };
}

export const openPersistSystem: SystemFactory<PersistSystem> = persistSystemOver(Persistence);

/** Where the crash fell, as coverage marks (see scenarios/support/crash-marks.ts). */
const PERSIST_CUT_MARKS: readonly CutMark<PersistOperation>[] = [
  cutMark('persist', 'crash-in-anchored-cycle', 'the crash cut a cycle that moves the anchor (and prunes)', (op) => op.anchor !== null),
];

export const persistScenario: Scenario<PersistSystem, PersistOperation, PersistResult> = {
  name: 'persist',
  description: 'block lanes + commit certificates + two-file anchor: moving anchor, crash anywhere, restart without gaps',
  defaultFactory: openPersistSystem,
  generate: generatePersistWorkload,
  // One kind of operation (a cycle) and no keys: swarm varies the profile, clients and faults.
  swarm: { faultKinds: FAULT_KINDS },
  apply: applyPersistCycle,
  close: (system) => system.persistence.close(),
  check: checkWithCutMarks(checkPersist, PERSIST_CUT_MARKS),
  // Each hit by at least 6% of the runs of a default campaign (seeds 1..200), so a default
  // campaign from any seed misses one only by rare chance (test/campaign/required-marks.test.ts).
  requiredMarks: [
    'persist.open.anchored',
    'persist.prune.lane-emptied',
    'persist.prune.lane-truncated',
    'scenario.persist.crash-in-anchored-cycle',
    'wal.recovery.front-truncation-finished',
    'wal.recovery.temp-swept',
  ],
  describe: describePersistCycle,
  isOperation: isPersistOperation,
};
