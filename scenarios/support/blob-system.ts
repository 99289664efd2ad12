import { openBlobStore } from '../../src/blob/index.js';
import type { BlobStore, BlobStoreOptions } from '../../src/blob/index.js';
import type { Scenario, SystemFactory } from '../../sim/index.js';
import { applyBlobOp, describeBlobOp, isBlobOp } from './blob-ops.js';
import type { BlobOp, BlobResult } from './blob-ops.js';

/** The system both blob scenarios drive: the store they open, how operations run and read. */

/**
 * One level of hash-prefix directories: keys usually land in different directories, so one
 * key's directory sync never covers for another's, and directory creation is exercised too.
 */
export const BLOB_SCENARIO_OPTIONS: BlobStoreOptions = { hashPrefixDirs: 1 };

export const openBlobScenarioStore: SystemFactory<BlobStore> = (fs, root) => openBlobStore(fs, root, BLOB_SCENARIO_OPTIONS);

/** The parts of a blob scenario that do not depend on its workload or its invariants. */
export const BLOB_SCENARIO_PARTS = {
  defaultFactory: openBlobScenarioStore,
  apply: applyBlobOp,
  close: (store: BlobStore): Promise<void> => store.close(),
  describe: describeBlobOp,
  isOperation: isBlobOp,
} satisfies Partial<Scenario<BlobStore, BlobOp, BlobResult>>;
