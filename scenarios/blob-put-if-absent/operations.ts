import { type OperationMix, type Rng, type WorkloadSize, keySpace, mixRoll, pickValueSize } from '../../sim/index.js';
import { dealOperations } from '../support/deal.js';
import { VALUE_SIZES_BYTES } from '../support/blob-ops.js';
import type { BlobOp } from '../support/blob-ops.js';

/**
 * The `blob-put-if-absent` workload: many putIfAbsent calls per key, each with its own value, and
 * a few gets and has. The operation types, `apply` and `describe` are shared with `blob`
 * (support/blob-ops.ts).
 */

export const PUT_IF_ABSENT_KEYS: readonly string[] = ['one', 'two'];

/** The bands of the roll below, for swarm's operation mix (sim/swarm). */
export const PUT_IF_ABSENT_MIX: OperationMix = [['putIfAbsent', 0.75], ['get', 0.9], ['has', 1]];

export function generatePutIfAbsentWorkload(rng: Rng, size: WorkloadSize): BlobOp[][] {
  const keys = keySpace(size, PUT_IF_ABSENT_KEYS);
  return dealOperations(rng, size, (valueId): BlobOp => {
    const key = rng.pick(keys);
    const roll = mixRoll(rng, size, PUT_IF_ABSENT_MIX);
    if (roll < 0.75) return { kind: 'putIfAbsent', key, valueId, sizeBytes: pickValueSize(rng, size, VALUE_SIZES_BYTES) };
    if (roll < 0.9) return { kind: 'get', key };
    return { kind: 'has', key };
  });
}
