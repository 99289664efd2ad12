import type { BlobStore } from '../../src/blob/index.js';
import { crc32 } from '../../src/checksum/index.js';
import type { FileSystem } from '../../src/fs/index.js';
import { BoundedMemo } from '../../src/support/index.js';
import { ownedCopy } from '../../sim/index.js';
import { guard, isBoolean, isCount, isString, tagged } from './shape.js';

/**
 * Operations and results shared by the blob scenarios. Results stay small and JSON-friendly
 * (reports embed histories): a read returns a fingerprint of the bytes, never the bytes.
 */

export type BlobOp =
  | { readonly kind: 'put'; readonly key: string; readonly valueId: number; readonly sizeBytes: number; readonly overwrite: boolean }
  | { readonly kind: 'putIfAbsent'; readonly key: string; readonly valueId: number; readonly sizeBytes: number }
  | { readonly kind: 'get'; readonly key: string }
  | { readonly kind: 'getRange'; readonly key: string; readonly offset: number; readonly length: number }
  | { readonly kind: 'has'; readonly key: string }
  | { readonly kind: 'delete'; readonly key: string }
  | { readonly kind: 'list' }
  | { readonly kind: 'listPrefix'; readonly prefix: string };

/** A get's bytes, identified by their length and a CRC-32 (see fingerprint). */
export type BlobResult = null | boolean | string | readonly string[];

/** The writes of a scenario: operations that carry a value. */
export type BlobWriteOp = Extract<BlobOp, { valueId: number }>;

export function isWrite(op: BlobOp): op is BlobWriteOp {
  return op.kind === 'put' || op.kind === 'putIfAbsent';
}

/**
 * The bytes a write stores: its id and key first (so a dump explains itself), then a pattern
 * that depends on the id at every position, so that two values never agree on a sector and a
 * torn mix of two writes is never mistaken for either. Values shorter than the prefix are cut.
 * Returns a fresh copy each time (callers may keep or change it).
 */
export function valueBytes(op: BlobWriteOp): Uint8Array {
  // Carved from the simulator's slabs: a run does not pay for an off-heap allocation per value.
  return ownedCopy(generatedValue(op).bytes);
}

/**
 * What `getRange(op.key, offset, length)` returns on the blob `op` wrote: the fingerprint of the
 * bytes in the range, or OUT_OF_BOUNDS when the range does not fit the blob.
 */
export function rangeFingerprint(op: BlobWriteOp, offset: number, length: number): string {
  if (offset + length > op.sizeBytes) return OUT_OF_BOUNDS;
  if (offset === 0 && length === op.sizeBytes) return valueFingerprint(op);
  return fingerprint(generatedValue(op).bytes.subarray(offset, offset + length));
}

/** What a getRange result is judged as when the store refused the range. */
export const OUT_OF_BOUNDS = 'out-of-bounds';

/** `fingerprint(valueBytes(op))`, without copying the bytes. */
export function valueFingerprint(op: BlobWriteOp): string {
  const value = generatedValue(op);
  value.fingerprint ??= fingerprint(value.bytes);
  return value.fingerprint;
}

interface GeneratedValue {
  /** Never handed out: callers get copies. */
  readonly bytes: Uint8Array;
  fingerprint: string | undefined;
}

const encoder = new TextEncoder();

/**
 * Values are a pure function of (id, size, key) and every run of a campaign draws from the same
 * few hundred, so each is built once per process: building them afresh costs a run about a tenth
 * of its time.
 */
const generatedValues = new BoundedMemo<string, GeneratedValue>(4096);

/**
 * A run asks for the value of one operation several times (writing it, then judging each read
 * that may have seen it); the operation object itself finds it again without building and
 * hashing the string key.
 */
const valuesOfOps = new WeakMap<BlobWriteOp, GeneratedValue>();

function generatedValue(op: BlobWriteOp): GeneratedValue {
  const known = valuesOfOps.get(op);
  if (known !== undefined) return known;
  const id = `${op.valueId}:${op.sizeBytes}:${op.key}`;
  const value = generatedValues.recall(id) ?? generatedValues.remember(id, { bytes: buildValue(op), fingerprint: undefined });
  valuesOfOps.set(op, value);
  return value;
}

function buildValue(op: BlobWriteOp): Uint8Array {
  const bytes = new Uint8Array(op.sizeBytes);
  const prefix = encoder.encode(`#${op.valueId}:${op.key}|`);
  bytes.set(prefix.subarray(0, Math.min(prefix.length, op.sizeBytes)), 0);
  for (let i = prefix.length; i < op.sizeBytes; i++) bytes[i] = (op.valueId * 131 + i * 7 + (i >> 8)) & 0xff;
  return bytes;
}

/**
 * `<length>:<crc32 hex>`: equal bytes, equal fingerprints; different ones, almost surely not (the
 * values are ours, not an adversary's). CRC-32 because Node computes it natively: every get of
 * every run fingerprints what it read.
 */
export function fingerprint(bytes: Uint8Array): string {
  return `${bytes.length}:${crc32(bytes).toString(16).padStart(8, '0')}`;
}

export async function applyBlobOp(store: BlobStore, op: BlobOp): Promise<BlobResult> {
  switch (op.kind) {
    case 'put':
      await store.put(op.key, valueBytes(op), { overwrite: op.overwrite });
      return null;
    case 'putIfAbsent':
      await store.putIfAbsent(op.key, valueBytes(op));
      return null;
    case 'get':
      return fingerprint(await store.get(op.key));
    case 'getRange':
      return fingerprint(await store.getRange(op.key, op.offset, op.length));
    case 'has':
      return store.has(op.key);
    case 'delete':
      await store.delete(op.key);
      return null;
    case 'list':
      return store.list();
    case 'listPrefix':
      return store.list(op.prefix);
  }
}

export function describeBlobOp(op: BlobOp): string {
  switch (op.kind) {
    case 'put':
      return `put ${op.key} v${op.valueId} (${op.sizeBytes} B${op.overwrite ? '' : ', no overwrite'})`;
    case 'putIfAbsent':
      return `putIfAbsent ${op.key} v${op.valueId} (${op.sizeBytes} B)`;
    case 'getRange':
      return `getRange ${JSON.stringify(op.key)} [${op.offset}, +${op.length})`;
    case 'list':
      return 'list';
    case 'listPrefix':
      return `list prefix ${JSON.stringify(op.prefix)}`;
    default:
      // JSON-quoted: hostile keys hold control characters, separators and lone surrogates.
      if (!/^[\w.-]+$/.test(op.key)) return `${op.kind} ${JSON.stringify(op.key.length > 40 ? `${op.key.slice(0, 40)}...` : op.key)}`;
      return `${op.kind} ${op.key}`;
  }
}

/** Sizes around sector boundaries, so tearing at 512 bytes cuts values in every way. */
export const VALUE_SIZES_BYTES: readonly number[] = [0, 5, 37, 300, 511, 512, 513, 1000, 1536, 2049, 4096, 5000];

/** Every file name under `dir` (recursively) that starts with '.', as paths: leftovers of the store. */
export async function findDotFiles(fs: FileSystem, dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of (await fs.readdir(dir)).sort()) {
    const path = `${dir}/${name}`;
    if (name.startsWith('.')) found.push(path);
    else if ((await fs.stat(path)).isDirectory()) found.push(...(await findDotFiles(fs, path)));
  }
  return found;
}

/** Whether a value is a BlobOp (a replayed report's workload is checked with it). */
export const isBlobOp = guard<BlobOp>(tagged({
  put: { key: isString, valueId: isCount, sizeBytes: isCount, overwrite: isBoolean },
  putIfAbsent: { key: isString, valueId: isCount, sizeBytes: isCount },
  get: { key: isString },
  getRange: { key: isString, offset: isCount, length: isCount },
  has: { key: isString },
  delete: { key: isString },
  list: {},
  listPrefix: { prefix: isString },
}));
