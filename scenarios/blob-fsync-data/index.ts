import { openBlobStore } from '../../src/blob/index.js';
import type { BlobStore, BlobStoreOptions } from '../../src/blob/index.js';
import type { Scenario, SystemFactory } from '../../sim/index.js';
import { checkBlob, generateBlobWorkload } from '../blob/index.js';
import { BLOB_SCENARIO_PARTS } from '../support/blob-system.js';
import type { BlobOp, BlobResult } from '../support/blob-ops.js';

/**
 * The `blob` workload and invariants on a store opened with `fsyncMode: 'data'`, `checksums:
 * false` and two levels of hash-prefix directories. fdatasync instead of fsync promises the same
 * durability (directories are still synced); without checksums only the header and length are
 * verified, so a bit flip in a blob's data may be served (`--faults bitflip`), but a torn file
 * never is.
 *
 * No operations.ts, model.ts or check.ts: the workload and the checks are blob's, with the
 * promises of these options (support/blob-checks.ts, BlobPromises).
 */

export const BLOB_FSYNC_DATA_OPTIONS: BlobStoreOptions = { fsyncMode: 'data', checksums: false, hashPrefixDirs: 2 };

export const openBlobFsyncDataStore: SystemFactory<BlobStore> = (fs, root) => openBlobStore(fs, root, BLOB_FSYNC_DATA_OPTIONS);

export const blobFsyncDataScenario: Scenario<BlobStore, BlobOp, BlobResult> = {
  ...BLOB_SCENARIO_PARTS,
  defaultFactory: openBlobFsyncDataStore,
  name: 'blob-fsync-data',
  description: "the blob workload on a store with fsyncMode 'data', checksums off and 2 levels of hash directories",
  generate: generateBlobWorkload,
  check: (input) => checkBlob(input, { durable: true, checksums: false }),
};
