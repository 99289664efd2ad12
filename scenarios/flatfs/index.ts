import type { FileSystem } from '../../src/fs/index.js';
import { createFlatStore, type FlatStoreApi } from '../../src/flatfs/index.js';
import { FAULT_KINDS, type Scenario, type SystemFactory } from '../../sim/index.js';
import { checkFlatfs } from './check.js';
import { type CutMark, checkWithCutMarks, cutMark } from '../support/crash-marks.js';
import { FLATFS_KEYS, FLATFS_MIX, type FlatOperation, type FlatResult, applyFlatOperation, describeFlatOperation, generateFlatWorkload, isFlatOperation } from './operations.js';

/**
 * FlatStore under concurrent single puts, deletes, gets and batches (duplicate keys, put/delete
 * mixes, reads of their own writes, commit or discard, reuse), crashed anywhere and reopened.
 * Invariants: see check.ts.
 */

export type { FlatOperation, FlatResult, FlatWrite } from './operations.js';
export { FLATFS_KEYS, valueOf } from './operations.js';

/** The bundled system: FlatStore with next-to-last/2 sharding, syncing (so acks are durable). */
export const openFlatfsSystem: SystemFactory<FlatStoreApi> = (fs: FileSystem, root: string) =>
  createFlatStore(fs, root, { shard: 'next-to-last/2', sync: true });

/** Where the crash fell, as coverage marks (see scenarios/support/crash-marks.ts). */
const FLATFS_CUT_MARKS: readonly CutMark<FlatOperation>[] = [
  cutMark('flatfs', 'crash-in-batch', 'the crash cut a batch in flight', (op) => op.kind === 'batch'),
  cutMark('flatfs', 'crash-in-put', 'the crash cut a single put in flight', (op) => op.kind === 'put'),
];

export const flatfsScenario: Scenario<FlatStoreApi, FlatOperation, FlatResult> = {
  name: 'flatfs',
  description: 'FlatStore: concurrent puts, deletes and temp-dir batches, crash anywhere, reopen',
  defaultFactory: openFlatfsSystem,
  generate: generateFlatWorkload,
  swarm: { mix: FLATFS_MIX, keysCountMax: FLATFS_KEYS.length, valueSizes: true, faultKinds: FAULT_KINDS },
  apply: applyFlatOperation,
  close: (store) => store.close(),
  check: checkWithCutMarks(checkFlatfs, FLATFS_CUT_MARKS),
  // Each hit by at least 6% of the runs of a default campaign (seeds 1..200), so a default
  // campaign from any seed misses one only by rare chance (test/campaign/required-marks.test.ts).
  requiredMarks: [
    'flatfs.batch.delete-then-put',
    'flatfs.batch.overlapping-write-won',
    'flatfs.batch.put-then-delete',
    'flatfs.open.temp-leftovers',
    'scenario.flatfs.crash-in-batch',
    'scenario.flatfs.crash-in-put',
  ],
  describe: describeFlatOperation,
  isOperation: isFlatOperation,
};
