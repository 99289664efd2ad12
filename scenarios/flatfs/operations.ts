import type { FlatBatchApi, FlatStoreApi } from '../../src/flatfs/index.js';
import { type OperationMix, type Rng, type WorkloadSize, boundValueSize, keySpace, mixRoll } from '../../sim/index.js';
import { arrayOf, guard, isCount, isString, oneOf, record, tagged } from '../support/shape.js';

/**
 * The flatfs workload: single puts, deletes and gets, and batches of puts and deletes (with
 * duplicate keys and put/delete mixes) that read their own writes and then commit or discard,
 * sometimes twice on one batch object (reuse). Few keys over few shards, so operations collide.
 * `applyFlatOperation` runs one against the store and records what its reads saw.
 */

/** A put carries a tag and a length; its value is derived from them (see valueOf). */
export type FlatWrite =
  | { readonly kind: 'put'; readonly key: string; readonly tag: string; readonly lengthBytes: number }
  | { readonly kind: 'delete'; readonly key: string };

export interface BatchRound {
  readonly writes: readonly FlatWrite[];
  readonly end: 'commit' | 'discard';
}

export type FlatOperation =
  | FlatWrite
  | { readonly kind: 'get'; readonly key: string }
  | { readonly kind: 'batch'; readonly rounds: readonly BatchRound[] };

/** What a batch read of one key returned before the round ended. */
export interface KeyRead {
  readonly key: string;
  readonly value: string | null;
  readonly has: boolean;
  readonly sizeBytes: number | null;
}

export interface RoundReads {
  readonly reads: readonly KeyRead[];
  /** The same reads of the keys the round does not write: the batch reads them from the store. */
  readonly outside: readonly KeyRead[];
  /** `query()` on the batch. */
  readonly listed: readonly string[];
}

export type FlatResult =
  | { readonly kind: 'done' }
  | { readonly kind: 'value'; readonly value: string | null }
  | { readonly kind: 'batch'; readonly rounds: readonly RoundReads[] };

/** With next-to-last/2 these fall in four shards: XY, QR, MN and FF. */
export const FLATFS_KEYS: readonly string[] = ['AAXY1', 'BBXY2', 'CCQR3', 'DDQR4', 'EEMN5', 'FF6'];

/**
 * The value of a put: its unique tag, then the tag repeated up to the length. Any mix of two
 * values, any torn or zero-filled sector, and any truncation gives a string no put wrote.
 */
export function valueOf(write: { readonly tag: string; readonly lengthBytes: number }): string {
  const head = `${write.tag}|`;
  if (write.lengthBytes <= head.length) return head;
  return (head + `${write.tag}.`.repeat(Math.ceil(write.lengthBytes / (write.tag.length + 1)))).slice(0, write.lengthBytes);
}

/** What a batch round leaves for each key it touches: a value, or null for a delete. */
export function foldRound(writes: readonly FlatWrite[]): Map<string, string | null> {
  const state = new Map<string, string | null>();
  for (const write of writes) {
    if (write.kind === 'delete') state.set(write.key, null);
    // First writer wins: a put of a key whose put is still pending is ignored.
    else if (typeof state.get(write.key) !== 'string') state.set(write.key, valueOf(write));
  }
  return state;
}

/** The bands of the roll in `operation()`, for swarm's operation mix (sim/swarm). */
export const FLATFS_MIX: OperationMix = [['put', 0.3], ['delete', 0.45], ['get', 0.6], ['batch', 1]];

class WorkloadBuilder {
  readonly #rng: Rng;
  readonly #size: WorkloadSize;
  readonly #keys: readonly string[];
  #tagCount = 0;

  constructor(rng: Rng, size: WorkloadSize) {
    this.#rng = rng;
    this.#size = size;
    this.#keys = keySpace(size, FLATFS_KEYS);
  }

  write(): FlatWrite {
    return this.#rng.chance(0.25) ? { kind: 'delete', key: this.#rng.pick(this.#keys) } : this.put();
  }

  put(): FlatWrite {
    const key = this.#rng.pick(this.#keys);
    const tag = `${key}#${this.#tagCount++}`;
    // Some values span several sectors, so a crash can tear them.
    const lengthBytes = Math.max(1, boundValueSize(this.#size, this.#rng.chance(0.3) ? this.#rng.between(513, 1600) : this.#rng.between(1, 300)));
    return { kind: 'put', key, tag, lengthBytes };
  }

  round(): BatchRound {
    // Now and then more writes than the 16 write slots.
    const count = this.#rng.chance(0.15) ? this.#rng.between(17, 24) : this.#rng.between(1, 8);
    return { writes: Array.from({ length: count }, () => this.write()), end: this.#rng.chance(0.85) ? 'commit' : 'discard' };
  }

  operation(): FlatOperation {
    const roll = mixRoll(this.#rng, this.#size, FLATFS_MIX);
    if (roll < 0.3) return this.put();
    if (roll < 0.45) return { kind: 'delete', key: this.#rng.pick(this.#keys) };
    if (roll < 0.6) return { kind: 'get', key: this.#rng.pick(this.#keys) };
    return { kind: 'batch', rounds: Array.from({ length: this.#rng.chance(0.2) ? 2 : 1 }, () => this.round()) };
  }
}

export function generateFlatWorkload(rng: Rng, size: WorkloadSize): FlatOperation[][] {
  const builder = new WorkloadBuilder(rng, size);
  const programs: FlatOperation[][] = Array.from({ length: size.clientsCount }, () => []);
  for (let i = 0; i < size.operationsCount; i++) {
    (programs[rng.int(size.clientsCount)] as FlatOperation[]).push(builder.operation());
  }
  return programs;
}

const decode = (bytes: Uint8Array | undefined): string | null => (bytes === undefined ? null : new TextDecoder().decode(bytes));

async function runRound(batch: FlatBatchApi, round: BatchRound): Promise<RoundReads> {
  // Issued together: each call registers before its first await, so call order still decides.
  await Promise.all(round.writes.map((write) => (write.kind === 'put' ? batch.put(write.key, valueOf(write)) : batch.delete(write.key))));
  const touched = new Set(round.writes.map((write) => write.key));
  const reads: KeyRead[] = [];
  for (const key of [...touched].sort()) reads.push(await readKey(batch, key));
  const outside: KeyRead[] = [];
  for (const key of FLATFS_KEYS.filter((k) => !touched.has(k))) outside.push(await readKey(batch, key));
  const listed = await batch.query();
  if (round.end === 'commit') await batch.commit();
  else await batch.discard();
  return { reads, outside, listed };
}

async function readKey(batch: FlatBatchApi, key: string): Promise<KeyRead> {
  const value = decode(await batch.get(key));
  const sizeBytes = (await batch.getSize(key)) ?? null;
  return { key, value, has: await batch.has(key), sizeBytes };
}

export async function applyFlatOperation(store: FlatStoreApi, operation: FlatOperation): Promise<FlatResult> {
  switch (operation.kind) {
    case 'put':
      await store.put(operation.key, valueOf(operation));
      return { kind: 'done' };
    case 'delete':
      await store.delete(operation.key);
      return { kind: 'done' };
    case 'get':
      return { kind: 'value', value: decode(await store.get(operation.key)) };
    case 'batch': {
      const batch = store.batch();
      const rounds: RoundReads[] = [];
      for (const round of operation.rounds) rounds.push(await runRound(batch, round));
      return { kind: 'batch', rounds };
    }
  }
}

function describeWrite(write: FlatWrite): string {
  return write.kind === 'put' ? `put ${write.tag} len=${write.lengthBytes}` : `del ${write.key}`;
}

export function describeFlatOperation(operation: FlatOperation): string {
  switch (operation.kind) {
    case 'put':
    case 'delete':
      return describeWrite(operation);
    case 'get':
      return `get ${operation.key}`;
    case 'batch':
      return `batch ${operation.rounds.map((round) => `[${round.writes.map(describeWrite).join(', ')}] ${round.end}`).join(' then ')}`;
  }
}

const FLAT_WRITES = {
  put: { key: isString, tag: isString, lengthBytes: isCount },
  delete: { key: isString },
};

/** Whether a value is a FlatOperation (a replayed report's workload is checked with it). */
export const isFlatOperation = guard<FlatOperation>(tagged({
  ...FLAT_WRITES,
  get: { key: isString },
  batch: { rounds: arrayOf(record({ writes: arrayOf(tagged(FLAT_WRITES)), end: oneOf('commit', 'discard') })) },
}));
