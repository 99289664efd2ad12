import { type OperationMix, type Rng, type WorkloadSize, keySpace, mixRoll, pickValueSize } from '../../sim/index.js';
import { dealOperations } from '../support/deal.js';
import { VALUE_SIZES_BYTES } from '../support/blob-ops.js';
import type { BlobOp } from '../support/blob-ops.js';
import { HOSTILE_KEYS, HOSTILE_PREFIXES } from '../support/blob-contract.js';

/**
 * The `blob` workload: puts (overwriting or not), gets, ranged gets, deletes, has and lists (all
 * or by prefix) over three keys, and now and then a call on a key that breaks a naming rule.
 * The operation types, `apply` and `describe` are shared with blob-put-if-absent
 * (support/blob-ops.ts).
 */

export type { BlobOp, BlobResult } from '../support/blob-ops.js';

/**
 * Two keys where one is a prefix of the other, and one whose capital sorts it first in code-unit
 * order but not in a locale's: what list(prefix) and list()'s order can get wrong.
 */
export const BLOB_KEYS: readonly string[] = ['alpha', 'alpha.v2', 'Beta'];

/** Prefixes that select none, one, both or all of the keys, and one that differs only in case. */
const LIST_PREFIXES: readonly string[] = ['a', 'alpha', 'alpha.', 'alpha.v2', 'alpha.v2x', 'B', 'beta', 'Beta', 'z'];

/** The bands of the roll below, for swarm's operation mix (sim/swarm). */
export const BLOB_MIX: OperationMix = [
  ['put', 0.34],
  ['put-no-overwrite', 0.43],
  ['get', 0.57],
  ['getRange', 0.69],
  ['delete', 0.82],
  ['has', 0.88],
  ['list', 0.92],
  ['listPrefix', 0.96],
  ['hostile', 1],
];

export function generateBlobWorkload(rng: Rng, size: WorkloadSize): BlobOp[][] {
  const keys = keySpace(size, BLOB_KEYS);
  // The size of the last put generated for each key: ranged reads aim at its edges.
  const sizesBytes = new Map<string, number>();
  return dealOperations(rng, size, (valueId): BlobOp => {
    const key = rng.pick(keys);
    const roll = mixRoll(rng, size, BLOB_MIX);
    if (roll < 0.43) {
      const sizeBytes = pickValueSize(rng, size, VALUE_SIZES_BYTES);
      sizesBytes.set(key, sizeBytes);
      return { kind: 'put', key, valueId, sizeBytes, overwrite: roll < 0.34 };
    }
    if (roll < 0.57) return { kind: 'get', key };
    if (roll < 0.69) return { kind: 'getRange', key, ...rangeAtAnEdge(rng, sizesBytes.get(key)) };
    if (roll < 0.82) return { kind: 'delete', key };
    if (roll < 0.88) return { kind: 'has', key };
    if (roll < 0.92) return { kind: 'list' };
    if (roll < 0.96) return { kind: 'listPrefix', prefix: rng.pick(LIST_PREFIXES) };
    return hostileOperation(rng, valueId);
  });
}

/**
 * A range at an edge of a value: the whole value, empty ranges at both ends, the last byte, one
 * byte too many, just past the end, or the middle. Mostly of the size the key's last put wrote
 * (what the read will most likely meet), else of any size: which value a read meets is up to the
 * interleaving, so edges are also tried against values of other sizes.
 */
function rangeAtAnEdge(rng: Rng, lastPutBytes: number | undefined): { offset: number; length: number } {
  const sizeBytes = lastPutBytes !== undefined && rng.chance(0.75) ? lastPutBytes : rng.pick(VALUE_SIZES_BYTES);
  const last = Math.max(0, sizeBytes - 1);
  const edges: readonly { offset: number; length: number }[] = [
    { offset: 0, length: sizeBytes },
    { offset: 0, length: 0 },
    { offset: sizeBytes, length: 0 },
    { offset: last, length: sizeBytes === 0 ? 0 : 1 },
    { offset: 0, length: sizeBytes + 1 },
    { offset: sizeBytes, length: 1 },
    { offset: sizeBytes + 1, length: 0 },
    { offset: Math.min(1, sizeBytes), length: Math.max(0, sizeBytes - 2) },
  ];
  return rng.pick(edges);
}

/** A call of any kind on a key (or a list prefix) that breaks a naming rule. */
function hostileOperation(rng: Rng, valueId: number): BlobOp {
  const key = rng.pick(HOSTILE_KEYS);
  const roll = rng.float();
  if (roll < 0.3) return { kind: 'put', key, valueId, sizeBytes: rng.pick(VALUE_SIZES_BYTES), overwrite: rng.chance(0.5) };
  if (roll < 0.4) return { kind: 'putIfAbsent', key, valueId, sizeBytes: rng.pick(VALUE_SIZES_BYTES) };
  if (roll < 0.55) return { kind: 'get', key };
  if (roll < 0.65) return { kind: 'getRange', key, offset: 0, length: 1 };
  if (roll < 0.75) return { kind: 'has', key };
  if (roll < 0.9) return { kind: 'delete', key };
  return { kind: 'listPrefix', prefix: rng.pick(HOSTILE_PREFIXES) };
}
