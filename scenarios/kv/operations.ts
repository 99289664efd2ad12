import { type OperationMix, type Rng, type WorkloadSize, keySpace, mixRoll, pickValueSize } from '../../sim/index.js';
import { dealOperations } from '../support/deal.js';
import { TEXT_SIZES_BYTES, readTextOf, textOf, type ReadText } from '../support/text-values.js';
import { guard, isCount, oneOf, tagged } from '../support/shape.js';

/**
 * Operations and results of the kv scenario: puts of distinct values (JSON text from a few bytes
 * to a few KiB), deletes and gets, on a few keys. A get records the value's fingerprint, never
 * the value.
 */

/** The System of the contract: what a module's `open(root)` resolves to. */
export interface KeyValueStore {
  /** The value of `key`, or undefined when it has none. */
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
  /** Removes `key` (nothing happens when it has no value). */
  delete(key: string): Promise<void>;
  close?(): Promise<void>;
}

/** The keys: short, letters and digits. */
export const KEYS: readonly string[] = ['k0', 'k1', 'k2', 'k3'];

export type KvOp =
  | { readonly kind: 'put'; readonly key: string; readonly valueId: number; readonly sizeBytes: number }
  | { readonly kind: 'delete'; readonly key: string }
  | { readonly kind: 'get'; readonly key: string };

/** A get's result (null for a put or a delete). */
export type KvResult = ReadText;

const PUT_SHARE = 0.5;
const DELETE_SHARE = 0.15;

/** The bands of the draw below, for swarm's operation mix (sim/swarm). */
export const KV_MIX: OperationMix = [['put', PUT_SHARE], ['delete', PUT_SHARE + DELETE_SHARE], ['get', 1]];

export function generateKvWorkload(rng: Rng, size: WorkloadSize): KvOp[][] {
  const keys = keySpace(size, KEYS);
  return dealOperations(rng, size, (valueId): KvOp => {
    const key = rng.pick(keys);
    const draw = mixRoll(rng, size, KV_MIX);
    if (draw < PUT_SHARE) return { kind: 'put', key, valueId, sizeBytes: pickValueSize(rng, size, TEXT_SIZES_BYTES) };
    return draw < PUT_SHARE + DELETE_SHARE ? { kind: 'delete', key } : { kind: 'get', key };
  });
}

export async function applyKvOp(store: KeyValueStore, op: KvOp): Promise<KvResult> {
  if (op.kind === 'put') {
    await store.put(op.key, textOf(op.valueId, op.sizeBytes));
    return null;
  }
  if (op.kind === 'delete') {
    await store.delete(op.key);
    return null;
  }
  return readTextOf(await store.get(op.key));
}

export function describeKvOp(op: KvOp): string {
  if (op.kind === 'put') return `put ${op.key} #${op.valueId} (${op.sizeBytes} B)`;
  return `${op.kind} ${op.key}`;
}

/** Whether a value read back from a report is one of this scenario's operations. */
export const isKvOp = guard<KvOp>(tagged({
  put: { key: oneOf(...KEYS), valueId: isCount, sizeBytes: isCount },
  delete: { key: oneOf(...KEYS) },
  get: { key: oneOf(...KEYS) },
}));
