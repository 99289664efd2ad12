import { openBlobStore } from '../../src/blob/index.js';
import type { BlobStore, BlobStoreOptions } from '../../src/blob/index.js';
import type { Scenario, SystemFactory } from '../../sim/index.js';
import { checkBlob, generateBlobWorkload } from '../blob/index.js';
import { BLOB_SCENARIO_PARTS } from '../support/blob-system.js';
import type { BlobOp, BlobResult } from '../support/blob-ops.js';

/**
 * The `blob` workload and invariants on a store opened with `fsyncMode: 'none'` and no hash-prefix
 * directories. No syncs promise less after a crash: any acknowledged put or delete may be lost or
 * rolled back to an older value, and a blob whose name survived without its data fails its
 * checksum (has and list still show it). What stays: calls are atomic for concurrent readers
 * (every read during the workload is judged as in `blob`), and no read ever returns bytes that no
 * write of the key put there.
 *
 * No operations.ts, model.ts or check.ts: the workload and the checks are blob's, with the
 * promises of these options (support/blob-checks.ts, BlobPromises).
 */

export const BLOB_FSYNC_NONE_OPTIONS: BlobStoreOptions = { fsyncMode: 'none', hashPrefixDirs: 0 };

export const openBlobFsyncNoneStore: SystemFactory<BlobStore> = (fs, root) => openBlobStore(fs, root, BLOB_FSYNC_NONE_OPTIONS);

export const blobFsyncNoneScenario: Scenario<BlobStore, BlobOp, BlobResult> = {
  ...BLOB_SCENARIO_PARTS,
  defaultFactory: openBlobFsyncNoneStore,
  name: 'blob-fsync-none',
  description: "the blob workload on a store with fsyncMode 'none' (atomic, not durable) and flat directories",
  generate: generateBlobWorkload,
  check: (input) => checkBlob(input, { durable: false, checksums: true }),
};
