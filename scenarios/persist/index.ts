import type { FileSystem } from '../../src/fs/index.js';
import { Persistence } from '../../src/persist/index.js';
import { Mutex } from '../../src/support/index.js';
import type { Scenario, SystemFactory } from '../../sim/index.js';
import { checkPersist } from './check.js';
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
 */

export type { PersistOperation, PersistResult, PersistSystem } from './operations.js';
export { PERSIST_LANES, blockPayload, qcPayload } from './operations.js';
export type { PersistDamage } from './model.js';
export { NO_PERSIST_DAMAGE, persistDamage } from './model.js';
export { checkPersistHistory } from './check.js';

const SEGMENT_SIZE_BYTES = 400;

/** The scenario's system over the Persistence that `PersistenceClass.open` returns (a subclass may replace its steps). */
export function persistSystemOver(PersistenceClass: typeof Persistence): SystemFactory<PersistSystem> {
  return async (fs: FileSystem, root: string) => {
    const persistence = await PersistenceClass.open(fs, root, { segmentSizeBytes: SEGMENT_SIZE_BYTES });
    return { persistence, producer: { nextBlock: new Map(PERSIST_LANES.map((lane) => [lane, 1])), nextRoad: 1, anchor: undefined }, lock: new Mutex() };
  };
}

export const openPersistSystem: SystemFactory<PersistSystem> = persistSystemOver(Persistence);

export const persistScenario: Scenario<PersistSystem, PersistOperation, PersistResult> = {
  name: 'persist',
  description: 'block lanes + commit certificates + two-file anchor: moving anchor, crash anywhere, restart without gaps',
  defaultFactory: openPersistSystem,
  generate: generatePersistWorkload,
  apply: applyPersistCycle,
  close: (system) => system.persistence.close(),
  check: checkPersist,
  describe: describePersistCycle,
  isOperation: isPersistOperation,
};
