import type { BlobStore } from '../../src/blob/index.js';
import type { CheckInput, Violation } from '../../sim/index.js';
import { type BlobPromises, FULL_PROMISES, checkRecoveredStore, checkWorkloadReads, modelsFor, workloadKeys } from '../support/blob-checks.js';
import { blobErrorContract, checkHostileKeys } from '../support/blob-contract.js';
import { describeBlobOp } from '../support/blob-ops.js';
import type { BlobOp, BlobResult } from '../support/blob-ops.js';
import { unexpectedErrors } from '../support/unexpected-errors.js';
import { BLOB_KEYS } from './operations.js';

/**
 * The `blob` invariants: the checks both blob scenarios share (support/blob-checks.ts) on the
 * per-key model (support/blob-model.ts), over this workload's keys; every error one the contract
 * documents (or an injected fault explains); keys that break a naming rule refused before any
 * disk access. `promises` says what the store's options promise after a crash (the blob-fsync-*
 * scenarios run the same workload on stores opened with other options).
 */
export async function checkBlob(input: CheckInput<BlobStore, BlobOp, BlobResult>, promises: BlobPromises = FULL_PROMISES): Promise<Violation[]> {
  const models = modelsFor(workloadKeys(BLOB_KEYS, input.history), input.history);
  return [
    ...unexpectedErrors(input, blobErrorContract(describeBlobOp)),
    ...checkHostileKeys(input.history, describeBlobOp),
    ...checkWorkloadReads({ history: input.history, models, promises, injected: input.injected }),
    ...(await checkRecoveredStore(input, models, promises)),
  ];
}
