import { openBlobStore } from '../src/blob/index.js';
import type { BlobStore, BlobStoreOptions } from '../src/blob/index.js';
import type { Rng } from '../sim/rng.js';
import type { CheckInput, Scenario, SystemFactory, Violation, WorkloadSize } from '../sim/scenario.js';
import { VALUE_SIZES_BYTES, applyBlobOp, describeBlobOp } from './support/blob-ops.js';
import type { BlobOp, BlobResult } from './support/blob-ops.js';
import { checkRecoveredStore, checkWorkloadReads, modelsFor } from './support/blob-checks.js';

export type { BlobOp, BlobResult } from './support/blob-ops.js';

/**
 * The blob store under concurrent puts, overwrites, conditional puts, gets, deletes and lists
 * over three keys, crashed anywhere. Invariants: no partial visibility (every visible blob is one
 * complete value written for its key), acknowledged durability, no resurrection of durable
 * deletes, the checksum always agrees, reads during the workload see allowed states, list and has
 * agree with get, and no temp file survives a reopen.
 */

export const BLOB_KEYS: readonly string[] = ['alpha', 'beta', 'gamma'];

/**
 * One level of hash-prefix directories: keys usually land in different directories, so one
 * key's directory sync never covers for another's, and directory creation is exercised too.
 */
export const BLOB_SCENARIO_OPTIONS: BlobStoreOptions = { hashPrefixDirs: 1 };

export const openBlobScenarioStore: SystemFactory<BlobStore> = (fs, root) => openBlobStore(fs, root, BLOB_SCENARIO_OPTIONS);

function generate(rng: Rng, size: WorkloadSize): BlobOp[][] {
  const programs: BlobOp[][] = Array.from({ length: size.clientsCount }, () => []);
  for (let valueId = 0; valueId < size.operationsCount; valueId++) {
    const key = rng.pick(BLOB_KEYS);
    const roll = rng.float();
    let op: BlobOp;
    if (roll < 0.38) op = { kind: 'put', key, valueId, sizeBytes: rng.pick(VALUE_SIZES_BYTES), overwrite: true };
    else if (roll < 0.48) op = { kind: 'put', key, valueId, sizeBytes: rng.pick(VALUE_SIZES_BYTES), overwrite: false };
    else if (roll < 0.68) op = { kind: 'get', key };
    else if (roll < 0.83) op = { kind: 'delete', key };
    else if (roll < 0.92) op = { kind: 'has', key };
    else op = { kind: 'list' };
    (programs[rng.int(size.clientsCount)] as BlobOp[]).push(op);
  }
  return programs;
}

async function check(input: CheckInput<BlobStore, BlobOp, BlobResult>): Promise<Violation[]> {
  const models = modelsFor(BLOB_KEYS, input.history);
  return [...checkWorkloadReads(input.history, models), ...(await checkRecoveredStore(input, models))];
}

export const blobScenario: Scenario<BlobStore, BlobOp, BlobResult> = {
  name: 'blob',
  description: 'concurrent puts, overwrites, gets, deletes and lists on a blob store over 3 keys, crashed anywhere',
  defaultFactory: openBlobScenarioStore,
  generate,
  apply: applyBlobOp,
  close: (store) => store.close(),
  check,
  describe: describeBlobOp,
};
