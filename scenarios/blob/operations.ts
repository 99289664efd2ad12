import { type OperationMix, type Rng, type WorkloadSize, keySpace, mixRoll, pickValueSize } from '../../sim/index.js';
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

/** The bands of the roll below, for swarm's operation mix (sim/swarm). */
export const BLOB_MIX: OperationMix = [['put', 0.38], ['put-no-overwrite', 0.48], ['get', 0.68], ['delete', 0.83], ['has', 0.92], ['list', 1]];

export function generateBlobWorkload(rng: Rng, size: WorkloadSize): BlobOp[][] {
  const keys = keySpace(size, BLOB_KEYS);
  return dealOperations(rng, size, (valueId): BlobOp => {
    const key = rng.pick(keys);
    const roll = mixRoll(rng, size, BLOB_MIX);
    if (roll < 0.38) return { kind: 'put', key, valueId, sizeBytes: pickValueSize(rng, size, VALUE_SIZES_BYTES), overwrite: true };
    if (roll < 0.48) return { kind: 'put', key, valueId, sizeBytes: pickValueSize(rng, size, VALUE_SIZES_BYTES), overwrite: false };
    if (roll < 0.68) return { kind: 'get', key };
    if (roll < 0.83) return { kind: 'delete', key };
    if (roll < 0.92) return { kind: 'has', key };
    return { kind: 'list' };
  });
}
