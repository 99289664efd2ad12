import type { FileSystem } from '../src/fs/types.js';
import { MvccStore, type Mutation, type MvccStoreOptions } from '../src/mvcc/index.js';
import type { Rng } from '../sim/rng.js';
import type { Scenario, SystemFactory, WorkloadSize } from '../sim/scenario.js';
import { INTERNAL_KEY_PREFIX, checkMvcc } from './mvcc/check.js';
import { type MvccOperation, type MvccResult, type MvccSystem, type Ticket, type TxnWrite, describeOperation } from './mvcc/operations.js';

/**
 * The MVCC store under concurrent transactions over a few keys (so conflicts are frequent), reads
 * at many timestamps, non-transactional writes, syncs and compactions, crashed anywhere. After
 * recovery: lastCommitTs is at least every acknowledged commit timestamp; every acknowledged
 * commit is visible at its timestamp (above the watermark); two conflicting transactions never
 * both committed; every read, during the workload and after recovery, agrees with the reference
 * model built from the history; reads below the watermark fail as compacted.
 */

export type { MvccOperation, MvccResult, MvccSystem } from './mvcc/operations.js';

/** Small segments, so a short workload rolls the log and checkpoints truncate several. */
export const MVCC_SEGMENT_SIZE_BYTES = 1024;

/** How the scenario opens the bundled store (mutants open their variants the same way). */
export const MVCC_STORE_OPTIONS: MvccStoreOptions = { segmentSizeBytes: MVCC_SEGMENT_SIZE_BYTES, internalKeyPrefix: INTERNAL_KEY_PREFIX };

export const openMvccSystem: SystemFactory<MvccSystem> = (fs: FileSystem, root: string) => MvccStore.open(fs, root, MVCC_STORE_OPTIONS);

const USER_KEYS = ['a', 'b', 'c', 'd'];
const INTERNAL_KEY = `${INTERNAL_KEY_PREFIX}lock`;

function generate(rng: Rng, size: WorkloadSize): MvccOperation[][] {
  const programs: MvccOperation[][] = Array.from({ length: size.clientsCount }, () => []);
  const valuesCount = Array.from({ length: size.clientsCount }, () => 0);
  const ticket = (): Ticket => ({ startTs: null, ts: null });
  const pickKey = (): string => (rng.chance(0.08) ? INTERNAL_KEY : rng.pick(USER_KEYS));
  for (let i = 0; i < size.operationsCount; i++) {
    const client = rng.int(size.clientsCount);
    const write = (deleting: boolean): TxnWrite => {
      const key = pickKey();
      const n = (valuesCount[client] = (valuesCount[client] ?? 0) + 1);
      return { key, value: deleting ? null : `${key}.${client}.${n}`, ttl: !deleting && rng.chance(0.15) ? 1 + rng.int(4) : null };
    };
    const roll = rng.float();
    let operation: MvccOperation;
    if (roll < 0.42) {
      const reads = rng.shuffle(USER_KEYS).slice(0, rng.int(3));
      const writes = Array.from({ length: 1 + rng.int(2) }, () => write(rng.chance(0.15)));
      operation = { kind: 'txn', reads, writes, ticket: ticket() };
    } else if (roll < 0.56) {
      operation = { kind: 'write', write: write(rng.chance(0.25)), ticket: ticket() };
    } else if (roll < 0.7) {
      operation = { kind: 'get', key: pickKey(), lag: rng.int(6), ticket: ticket() };
    } else if (roll < 0.8) {
      const [x, y] = [rng.pick(USER_KEYS), rng.pick([...USER_KEYS, 'z'])];
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

async function apply(system: MvccSystem, operation: MvccOperation): Promise<MvccResult> {
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

export const mvccScenario: Scenario<MvccSystem, MvccOperation, MvccResult> = {
  name: 'mvcc',
  description: 'MVCC store: concurrent transactions, reads at many timestamps, compaction; lastCommitTs never goes back',
  defaultFactory: openMvccSystem,
  generate,
  apply,
  close: (system) => system.close(),
  check: checkMvcc,
  describe: describeOperation,
};
