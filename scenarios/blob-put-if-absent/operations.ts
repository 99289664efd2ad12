import type { Rng, WorkloadSize } from '../../sim/index.js';
import { dealOperations } from '../support/deal.js';
import { VALUE_SIZES_BYTES } from '../support/blob-ops.js';
import type { BlobOp } from '../support/blob-ops.js';

/**
 * The `blob-put-if-absent` workload: many putIfAbsent calls per key, each with its own value, and
 * a few gets and has. The operation types, `apply` and `describe` are shared with `blob`
 * (support/blob-ops.ts).
 */

export const PUT_IF_ABSENT_KEYS: readonly string[] = ['one', 'two'];

export function generatePutIfAbsentWorkload(rng: Rng, size: WorkloadSize): BlobOp[][] {
  return dealOperations(rng, size, (valueId): BlobOp => {
    const key = rng.pick(PUT_IF_ABSENT_KEYS);
    const roll = rng.float();
    if (roll < 0.75) return { kind: 'putIfAbsent', key, valueId, sizeBytes: rng.pick(VALUE_SIZES_BYTES) };
    if (roll < 0.9) return { kind: 'get', key };
    return { kind: 'has', key };
  });
}
