import type { Rng, WorkloadSize } from '../../sim/index.js';
import { dealOperations } from '../support/deal.js';
import { VALUE_SIZES_BYTES } from '../support/blob-ops.js';
import type { BlobOp } from '../support/blob-ops.js';

/**
 * The `blob` workload: puts (overwriting or not), gets, deletes, has and list over three keys.
 * The operation types, `apply` and `describe` are shared with blob-put-if-absent
 * (support/blob-ops.ts).
 */

export type { BlobOp, BlobResult } from '../support/blob-ops.js';

export const BLOB_KEYS: readonly string[] = ['alpha', 'beta', 'gamma'];

export function generateBlobWorkload(rng: Rng, size: WorkloadSize): BlobOp[][] {
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
