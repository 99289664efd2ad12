import type { Mutation, MvccStore } from '../../src/mvcc/index.js';
import { type OperationMix, type Rng, type WorkloadSize, keySpace, mixRoll } from '../../sim/index.js';
import { arrayOf, guard, isBoolean, isCount, isInteger, isString, nullable, record, tagged } from '../support/shape.js';

/**
 * The operations of the `mvcc` scenario, their results, and the system they run against.
 *
 * Timestamps are chosen while the workload runs (a transaction starts at the store's
 * lastCommitTs and commits at a timestamp from the run's oracle), so the check could not know the
 * timestamp of an operation cut by the crash from its outcome alone. Each operation therefore
 * carries a `ticket`: a small record `apply` fills in, synchronously, as soon as it picks a
 * timestamp. The history holds the same operation objects, so the check reads them back.
 */

/** The internal keys' prefix (MvccStoreOptions.internalKeyPrefix): those keys are never compacted. */
export const INTERNAL_KEY_PREFIX = '!txn|';

/** What the scenario needs of a store; `--impl` modules return something with this shape. */
export type MvccSystem = Pick<
  MvccStore,
  'lastCommitTs' | 'minRetainedTs' | 'getAt' | 'scanAt' | 'reverseScanAt' | 'applyMutations' | 'putAt' | 'deleteAt' | 'sync' | 'compact' | 'close'
>;

/** Timestamps picked at run time; null until picked (an operation cut earlier never picked it). */
export interface Ticket {
  startTs: number | null;
  /** The commit timestamp of a write, the read timestamp of a read, minTs of a compaction. */
  ts: number | null;
}

/** One write of a transaction: `value` null deletes; `ttl` sets expireAt = commitTs + ttl. */
export interface TxnWrite {
  readonly key: string;
  readonly value: string | null;
  readonly ttl: number | null;
}

export type MvccOperation =
  /** Reads `reads` at startTs = lastCommitTs(), then commits `writes` at a fresh timestamp. */
  | { readonly kind: 'txn'; readonly reads: readonly string[]; readonly writes: readonly TxnWrite[]; readonly ticket: Ticket }
  /** A non-transactional putAt (value) or deleteAt (value null) at a fresh timestamp. */
  | { readonly kind: 'write'; readonly write: TxnWrite; readonly ticket: Ticket }
  /** getAt(key, lastCommitTs() - lag). */
  | { readonly kind: 'get'; readonly key: string; readonly lag: number; readonly ticket: Ticket }
  /** scanAt / reverseScanAt over [start, end) at lastCommitTs() - lag. */
  | {
      readonly kind: 'scan';
      readonly start: string;
      readonly end: string;
      readonly limit: number;
      readonly reverse: boolean;
      readonly lag: number;
      readonly ticket: Ticket;
    }
  | { readonly kind: 'sync' }
  /** compact(lastCommitTs() - lag). */
  | { readonly kind: 'compact'; readonly lag: number; readonly ticket: Ticket };

export type MvccResult =
  | { readonly kind: 'txn'; readonly startTs: number; readonly commitTs: number; readonly reads: readonly (string | null)[] }
  | { readonly kind: 'write'; readonly commitTs: number }
  | { readonly kind: 'get'; readonly ts: number; readonly value: string | null }
  | { readonly kind: 'scan'; readonly ts: number; readonly rows: readonly (readonly [string, string])[] }
  | { readonly kind: 'sync' }
  | { readonly kind: 'compact'; readonly minTs: number };

export function describeMvccOperation(operation: MvccOperation): string {
  const write = (w: TxnWrite): string => (w.value === null ? `del ${w.key}` : `${w.key}=${w.value}${w.ttl === null ? '' : ` ttl ${w.ttl}`}`);
  switch (operation.kind) {
    case 'txn':
      return `txn read [${operation.reads.join(' ')}] write [${operation.writes.map(write).join(', ')}]`;
    case 'write':
      return `${operation.write.value === null ? 'deleteAt' : 'putAt'} ${write(operation.write)}`;
    case 'get':
      return `getAt ${operation.key} at last-${operation.lag}`;
    case 'scan':
      return `${operation.reverse ? 'reverseScanAt' : 'scanAt'} [${operation.start}, ${operation.end}) limit ${operation.limit} at last-${operation.lag}`;
    case 'sync':
      return 'sync';
    case 'compact':
      return `compact at last-${operation.lag}`;
  }
}

export const USER_KEYS: readonly string[] = ['a', 'b', 'c', 'd'];

/** The bands of the roll below, for swarm's operation mix (sim/swarm). */
export const MVCC_MIX: OperationMix = [['txn', 0.42], ['write', 0.56], ['get', 0.7], ['scan', 0.8], ['sync', 0.9], ['compact', 1]];
/**
 * An internal key, and user keys that hold the internal prefix elsewhere or only part of it: they
 * are ordinary keys (compacted like any other) and must never be taken for internal state.
 */
const PREFIX_KEYS = [`${INTERNAL_KEY_PREFIX}lock`, `a${INTERNAL_KEY_PREFIX}lock`, INTERNAL_KEY_PREFIX.slice(0, -1)];

export function generateMvccWorkload(rng: Rng, size: WorkloadSize): MvccOperation[][] {
  const programs: MvccOperation[][] = Array.from({ length: size.clientsCount }, () => []);
  const valuesCount = Array.from({ length: size.clientsCount }, () => 0);
  const ticket = (): Ticket => ({ startTs: null, ts: null });
  const keys = keySpace(size, USER_KEYS);
  const pickKey = (): string => (rng.chance(0.12) ? rng.pick(PREFIX_KEYS) : rng.pick(keys));
  for (let i = 0; i < size.operationsCount; i++) {
    const client = rng.int(size.clientsCount);
    const write = (deleting: boolean): TxnWrite => {
      const key = pickKey();
      const n = (valuesCount[client] = (valuesCount[client] ?? 0) + 1);
      return { key, value: deleting ? null : `${key}.${client}.${n}`, ttl: !deleting && rng.chance(0.15) ? 1 + rng.int(4) : null };
    };
    const roll = mixRoll(rng, size, MVCC_MIX);
    let operation: MvccOperation;
    if (roll < 0.42) {
      const reads = rng.shuffle(keys).slice(0, rng.int(3));
      const writes = Array.from({ length: 1 + rng.int(2) }, () => write(rng.chance(0.15)));
      operation = { kind: 'txn', reads, writes, ticket: ticket() };
    } else if (roll < 0.56) {
      operation = { kind: 'write', write: write(rng.chance(0.25)), ticket: ticket() };
    } else if (roll < 0.7) {
      operation = { kind: 'get', key: pickKey(), lag: rng.int(6), ticket: ticket() };
    } else if (roll < 0.8) {
      const [x, y] = [rng.pick(keys), rng.pick([...keys, 'z'])];
      const [start, end] = x <= y ? [x, y] : [y, x];
      operation = { kind: 'scan', start, end, limit: 1 + rng.int(3), reverse: rng.chance(0.5), lag: rng.int(6), ticket: ticket() };
    } else if (roll < 0.9) {
      operation = { kind: 'sync' };
    } else {
      operation = { kind: 'compact', lag: rng.int(8), ticket: ticket() };
    }
    (programs[client] as MvccOperation[]).push(operation);
  }
  return programs;
}

/**
 * The run's timestamp oracle, one per system opened for a workload: strictly increasing and
 * never below the store's lastCommitTs, so timestamps are unique across the whole run.
 */
const oracles = new WeakMap<MvccSystem, { last: number }>();

function nextTimestamp(system: MvccSystem): number {
  const oracle = oracles.get(system) ?? { last: 0 };
  oracles.set(system, oracle);
  oracle.last = Math.max(oracle.last, system.lastCommitTs()) + 1;
  return oracle.last;
}

function readTs(system: MvccSystem, lag: number): number {
  return Math.max(0, system.lastCommitTs() - lag);
}

function toMutation(write: TxnWrite, commitTs: number): Mutation {
  if (write.value === null) return { type: 'delete', key: write.key };
  return write.ttl === null ? { type: 'put', key: write.key, value: write.value } : { type: 'put', key: write.key, value: write.value, expireAt: commitTs + write.ttl };
}

export async function applyMvccOperation(system: MvccSystem, operation: MvccOperation): Promise<MvccResult> {
  switch (operation.kind) {
    case 'txn': {
      const startTs = (operation.ticket.startTs = system.lastCommitTs());
      const reads: (string | null)[] = [];
      for (const key of operation.reads) reads.push((await system.getAt(key, startTs)) ?? null);
      const commitTs = (operation.ticket.ts = nextTimestamp(system));
      await system.applyMutations(operation.writes.map((w) => toMutation(w, commitTs)), startTs, commitTs);
      return { kind: 'txn', startTs, commitTs, reads };
    }
    case 'write': {
      const commitTs = (operation.ticket.ts = nextTimestamp(system));
      const { key, value, ttl } = operation.write;
      if (value === null) await system.deleteAt(key, commitTs);
      else await system.putAt(key, value, commitTs, ttl === null ? {} : { expireAt: commitTs + ttl });
      return { kind: 'write', commitTs };
    }
    case 'get': {
      const ts = (operation.ticket.ts = readTs(system, operation.lag));
      return { kind: 'get', ts, value: (await system.getAt(operation.key, ts)) ?? null };
    }
    case 'scan': {
      const ts = (operation.ticket.ts = readTs(system, operation.lag));
      const { start, end, limit } = operation;
      const rows = operation.reverse ? await system.reverseScanAt(start, end, ts, limit) : await system.scanAt(start, end, ts, limit);
      return { kind: 'scan', ts, rows: rows.map((row) => [row.key, row.value] as const) };
    }
    case 'sync':
      await system.sync();
      return { kind: 'sync' };
    case 'compact': {
      const minTs = (operation.ticket.ts = readTs(system, operation.lag));
      await system.compact(minTs);
      return { kind: 'compact', minTs };
    }
  }
}

const TICKET = record({ startTs: nullable(isInteger), ts: nullable(isInteger) });
const TXN_WRITE = record({ key: isString, value: nullable(isString), ttl: nullable(isInteger) });

/** Whether a value is an MvccOperation (a replayed report's workload is checked with it). */
export const isMvccOperation = guard<MvccOperation>(tagged({
  txn: { reads: arrayOf(isString), writes: arrayOf(TXN_WRITE), ticket: TICKET },
  write: { write: TXN_WRITE, ticket: TICKET },
  get: { key: isString, lag: isInteger, ticket: TICKET },
  scan: { start: isString, end: isString, limit: isCount, reverse: isBoolean, lag: isInteger, ticket: TICKET },
  sync: {},
  compact: { lag: isInteger, ticket: TICKET },
}));
