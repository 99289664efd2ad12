import type { StateFile } from '../../src/statefile/index.js';
import { BoundedMemo } from '../../src/support/index.js';
import type { Rng, WorkloadSize } from '../../sim/index.js';
import { guard, isCount, tagged } from '../support/shape.js';

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
  return cachedValues.recall(id) ?? cachedValues.remember(id, { value: buildValue(op), fingerprint: undefined });
}

function buildValue(op: Extract<StateFileOp, { kind: 'save' }>): unknown {
  if (op.sizeBytes <= 4) return op.valueId;
  if (op.sizeBytes <= 16) return `v${op.valueId}`;
  const items: string[] = [];
  const itemLength = 24;
  const budget = Math.max(0, op.sizeBytes - 60);
  for (let i = 0; (i + 1) * (itemLength + 3) <= budget; i++) items.push(pattern(op.valueId, i, itemLength));
  // The pad brings the JSON text to exactly sizeBytes, so sizes around a sector boundary are exact.
  const unpadded = JSON.stringify({ id: op.valueId, items, pad: '' }).length;
  return { id: op.valueId, items, pad: pattern(op.valueId, items.length, Math.max(0, op.sizeBytes - unpadded)) };
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function pattern(valueId: number, item: number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[(valueId * 31 + item * 7 + i * 13) % ALPHABET.length];
  return text;
}

/** The canonical JSON of a value (key order is preserved by parse, so a round trip is identical). */
export function jsonOf(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

/** `<length>:<fnv1a-32 hex>` of a string's UTF-16 code units: equal text, equal fingerprint. */
export function fingerprintText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${text.length}:${hash.toString(16).padStart(8, '0')}`;
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

export function generateStateFileWorkload(rng: Rng, size: WorkloadSize): StateFileOp[][] {
  const programs: StateFileOp[][] = Array.from({ length: size.clientsCount }, () => []);
  for (let valueId = 0; valueId < size.operationsCount; valueId++) {
    const op: StateFileOp = rng.float() < 0.7 ? { kind: 'save', valueId, sizeBytes: rng.pick(STATE_SIZES_BYTES) } : { kind: 'load' };
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
