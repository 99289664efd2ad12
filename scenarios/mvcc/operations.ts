import type { MvccStore } from '../../src/mvcc/index.js';

/**
 * The operations of the `mvcc` scenario, their results, and the system they run against.
 *
 * Timestamps are chosen while the workload runs (a transaction starts at the store's
 * lastCommitTs and commits at a timestamp from the run's oracle), so the check could not know the
 * timestamp of an operation cut by the crash from its outcome alone. Each operation therefore
 * carries a `ticket`: a small record `apply` fills in, synchronously, as soon as it picks a
 * timestamp. The history holds the same operation objects, so the check reads them back.
 */

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

export function describeOperation(operation: MvccOperation): string {
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
