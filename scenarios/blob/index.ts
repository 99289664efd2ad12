import type { BlobStore } from '../../src/blob/index.js';
import { FAULT_KINDS, type Scenario } from '../../sim/index.js';
import { BLOB_SCENARIO_PARTS } from '../support/blob-system.js';
import type { BlobOp, BlobResult } from '../support/blob-ops.js';
import { checkBlob } from './check.js';
import { type CutMark, checkWithCutMarks, cutMark } from '../support/crash-marks.js';
import { BLOB_KEYS, BLOB_MIX, generateBlobWorkload } from './operations.js';

/**
 * The blob store under concurrent puts, overwrites, conditional puts, gets, deletes and lists
 * over three keys, crashed anywhere. Invariants: no partial visibility (every visible blob is one
 * complete value written for its key), acknowledged durability, no resurrection of durable
 * deletes, the checksum always agrees, reads during the workload see allowed states, list and has
 * agree with get, and no temp file survives a reopen.
 *
 * No model.ts: the reference model is the per-key one both blob scenarios share
 * (support/blob-model.ts).
 */

export type { BlobOp, BlobResult } from './operations.js';
export { BLOB_KEYS } from './operations.js';
export { BLOB_SCENARIO_OPTIONS, openBlobScenarioStore } from '../support/blob-system.js';
export { checkBlob } from './check.js';
export { generateBlobWorkload } from './operations.js';

/** Where the crash fell, as coverage marks (see scenarios/support/crash-marks.ts). */
const BLOB_CUT_MARKS: readonly CutMark<BlobOp>[] = [
  cutMark('blob', 'crash-in-put', 'the crash cut a put in flight', (op) => op.kind === 'put'),
  cutMark('blob', 'crash-in-delete', 'the crash cut a delete in flight', (op) => op.kind === 'delete'),
];

export const blobScenario: Scenario<BlobStore, BlobOp, BlobResult> = {
  ...BLOB_SCENARIO_PARTS,
  name: 'blob',
  description: 'concurrent puts, overwrites, gets, deletes and lists on a blob store over 3 keys, crashed anywhere',
  generate: generateBlobWorkload,
  swarm: { mix: BLOB_MIX, keysCountMax: BLOB_KEYS.length, valueSizes: true, faultKinds: FAULT_KINDS },
  check: checkWithCutMarks(checkBlob, BLOB_CUT_MARKS),
  // Each hit by at least 6% of the runs of a default campaign (seeds 1..200), so a default
  // campaign from any seed misses one only by rare chance (test/campaign/required-marks.test.ts).
  requiredMarks: [
    'blob.open.temp-swept',
    'blob.put-if-absent.lost-race',
    'scenario.blob.crash-in-delete',
    'scenario.blob.crash-in-put',
  ],
};
