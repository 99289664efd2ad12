import type { StateFile } from '../../src/statefile/index.js';
import { BoundedMemo } from '../../src/support/index.js';
import { type OperationMix, type Rng, type WorkloadSize, mixRoll, pickValueSize } from '../../sim/index.js';
import { guard, isCount, tagged } from '../support/shape.js';
import { fingerprintText, jsonOf, jsonValue } from '../support/json-values.js';

export { fingerprintText, jsonOf } from '../support/json-values.js';

/**
 * Operations and results of the state-file scenario. Results stay small and JSON-friendly
 * (reports embed histories): a load returns the loaded value's id and a fingerprint of its JSON,
 * never the value.
 */

export type StateFileOp =
  | { readonly kind: 'save'; readonly valueId: number; readonly sizeBytes: number }
  | { readonly kind: 'load' };

/** What a load saw: null when load() returned undefined (nothing saved). */
export type LoadedState = { readonly id: number | null; readonly fingerprint: string } | null;

export type StateFileResult = LoadedState;

/** The JSON sizes of the values saved: tiny to a few KiB, around sector boundaries. */
export const STATE_SIZES_BYTES: readonly number[] = [1, 12, 60, 300, 511, 512, 513, 1000, 1536, 2100, 4096, 5000];

/**
 * The value a save writes. Values differ in shape with their size (a bare number, a string, an
 * object with a padded list), always carry their id, and differ from each other at almost every
 * byte, so a torn mix of two values is never mistaken for either.
 */
export function stateValue(op: Extract<StateFileOp, { kind: 'save' }>): unknown {
  return cachedValue(op).value;
}

/** `fingerprintText(jsonOf(stateValue(op)))`, computed once per value. */
export function stateFingerprint(op: Extract<StateFileOp, { kind: 'save' }>): string {
  const cached = cachedValue(op);
  cached.fingerprint ??= fingerprintText(jsonOf(cached.value));
  return cached.fingerprint;
}

interface CachedValue {
  /** Never changed by anyone: the store serializes it, the model fingerprints it. */
  readonly value: unknown;
  fingerprint: string | undefined;
}

/** Values are a pure function of (id, size): built once per process, as the blob scenarios' are. */
const cachedValues = new BoundedMemo<string, CachedValue>(4096);

function cachedValue(op: Extract<StateFileOp, { kind: 'save' }>): CachedValue {
  const id = `${op.valueId}:${op.sizeBytes}`;
  return cachedValues.recall(id) ?? cachedValues.remember(id, { value: jsonValue(op.valueId, op.sizeBytes), fingerprint: undefined });
}

/** The id a loaded value claims (for readable histories only: the check compares fingerprints). */
function claimedId(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^v\d+$/.test(value)) return Number(value.slice(1));
  if (typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'number') return (value as { id: number }).id;
  return null;
}

export function loadedState(value: unknown): LoadedState {
  if (value === undefined) return null;
  return { id: claimedId(value), fingerprint: fingerprintText(jsonOf(value)) };
}

/** The bands of the roll below, for swarm's operation mix (sim/swarm). */
export const STATE_FILE_MIX: OperationMix = [['save', 0.7], ['load', 1]];

export function generateStateFileWorkload(rng: Rng, size: WorkloadSize): StateFileOp[][] {
  const programs: StateFileOp[][] = Array.from({ length: size.clientsCount }, () => []);
  for (let valueId = 0; valueId < size.operationsCount; valueId++) {
    const op: StateFileOp = mixRoll(rng, size, STATE_FILE_MIX) < 0.7 ? { kind: 'save', valueId, sizeBytes: pickValueSize(rng, size, STATE_SIZES_BYTES) } : { kind: 'load' };
    (programs[rng.int(size.clientsCount)] as StateFileOp[]).push(op);
  }
  return programs;
}

export async function applyStateFileOp(store: StateFile, op: StateFileOp): Promise<StateFileResult> {
  if (op.kind === 'save') {
    await store.save(stateValue(op));
    return null;
  }
  return loadedState(await store.load());
}

export function describeStateFileOp(op: StateFileOp): string {
  return op.kind === 'save' ? `save v${op.valueId} (${op.sizeBytes} B)` : 'load';
}

/** Whether a value is a StateFileOp (a replayed report's workload is checked with it). */
export const isStateFileOp = guard<StateFileOp>(tagged({
  save: { valueId: isCount, sizeBytes: isCount },
  load: {},
}));
