import { openBlobStore } from '../src/blob/index.js';
import type { BlobStore, BlobStoreOptions } from '../src/blob/index.js';
import type { Rng } from '../sim/rng.js';
import type { CheckInput, Scenario, SystemFactory, Violation, WorkloadSize } from '../sim/scenario.js';
import { VALUE_SIZES_BYTES, applyBlobOp, describeBlobOp } from './support/blob-ops.js';
import type { BlobOp, BlobResult } from './support/blob-ops.js';
import { checkRecoveredStore, checkWorkloadReads, modelsFor } from './support/blob-checks.js';
import { dealOperations } from './support/deal.js';

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
  return dealOperations(rng, size, (valueId): BlobOp => {
    const key = rng.pick(BLOB_KEYS);
    const roll = rng.float();
    if (roll < 0.38) return { kind: 'put', key, valueId, sizeBytes: rng.pick(VALUE_SIZES_BYTES), overwrite: true };
    if (roll < 0.48) return { kind: 'put', key, valueId, sizeBytes: rng.pick(VALUE_SIZES_BYTES), overwrite: false };
    if (roll < 0.68) return { kind: 'get', key };
    if (roll < 0.83) return { kind: 'delete', key };
    if (roll < 0.92) return { kind: 'has', key };
    return { kind: 'list' };
  });
}

async function check(input: CheckInput<BlobStore, BlobOp, BlobResult>): Promise<Violation[]> {
  const models = modelsFor(BLOB_KEYS, input.history);
  return [...checkWorkloadReads(input.history, models), ...(await checkRecoveredStore(input, models))];
}

/** What both blob scenarios share: the store they open, how operations run and read. */
export const BLOB_SCENARIO_PARTS = {
  defaultFactory: openBlobScenarioStore,
  apply: applyBlobOp,
  close: (store: BlobStore): Promise<void> => store.close(),
  describe: describeBlobOp,
} satisfies Partial<Scenario<BlobStore, BlobOp, BlobResult>>;

export const blobScenario: Scenario<BlobStore, BlobOp, BlobResult> = {
  ...BLOB_SCENARIO_PARTS,
  name: 'blob',
  description: 'concurrent puts, overwrites, gets, deletes and lists on a blob store over 3 keys, crashed anywhere',
  generate,
  check,
};
