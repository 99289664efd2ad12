import type { BlobStore } from '../../src/blob/index.js';
import { FAULT_KINDS, type Scenario } from '../../sim/index.js';
import { BLOB_SCENARIO_PARTS } from '../support/blob-system.js';
import type { BlobOp, BlobResult } from '../support/blob-ops.js';
import { checkPutIfAbsent } from './check.js';
import { type CutMark, checkWithCutMarks, cutMark } from '../support/crash-marks.js';
import { PUT_IF_ABSENT_KEYS, PUT_IF_ABSENT_MIX, generatePutIfAbsentWorkload } from './operations.js';

/**
 * Many concurrent putIfAbsent calls per key (distinct values), with a few reads, crashed
 * anywhere. Invariants: at most one winner per key in the whole history; an acknowledged winner
 * is what get returns after recovery; an AlreadyExists answer means some winner's blob is
 * durable; never a partial winner (every visible value is one complete candidate); plus the
 * shared blob invariants (checksum agrees, list agrees, no temp leaks).
 *
 * No model.ts: the reference model is the per-key one both blob scenarios share
 * (support/blob-model.ts); what only putIfAbsent promises is checked in check.ts.
 */

export { PUT_IF_ABSENT_KEYS } from './operations.js';

/** Where the crash fell, as coverage marks (see scenarios/support/crash-marks.ts). */
const BLOB_PUT_IF_ABSENT_CUT_MARKS: readonly CutMark<BlobOp>[] = [
  cutMark('blob-put-if-absent', 'crash-in-put-if-absent', 'the crash cut a putIfAbsent in flight', (op) => op.kind === 'putIfAbsent'),
];

export const blobPutIfAbsentScenario: Scenario<BlobStore, BlobOp, BlobResult> = {
  ...BLOB_SCENARIO_PARTS,
  name: 'blob-put-if-absent',
  description: 'many concurrent putIfAbsent calls per key on a blob store, crashed anywhere: one winner, never partial',
  generate: generatePutIfAbsentWorkload,
  swarm: { mix: PUT_IF_ABSENT_MIX, keysCountMax: PUT_IF_ABSENT_KEYS.length, valueSizes: true, faultKinds: FAULT_KINDS },
  check: checkWithCutMarks(checkPutIfAbsent, BLOB_PUT_IF_ABSENT_CUT_MARKS),
  // Each hit by at least 6% of the runs of a default campaign (seeds 1..200), so a default
  // campaign from any seed misses one only by rare chance (test/campaign/required-marks.test.ts).
  requiredMarks: [
    'blob.open.temp-swept',
    'blob.put-if-absent.lost-race',
    'scenario.blob-put-if-absent.crash-in-put-if-absent',
  ],
};
