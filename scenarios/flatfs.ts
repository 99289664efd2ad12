import type { FileSystem } from '../src/fs/types.js';
import { createFlatStore, type FlatBatchApi, type FlatStoreApi } from '../src/flatfs/index.js';
import type { Scenario, SystemFactory } from '../sim/scenario.js';
import { checkFlatfs } from './flatfs/check.js';
import {
  describeFlatOperation,
  generateFlatWorkload,
  valueOf,
  type BatchRound,
  type FlatOperation,
  type FlatResult,
  type KeyRead,
  type RoundReads,
} from './flatfs/operations.js';

/**
 * FlatStore under concurrent single puts, deletes, gets and batches (duplicate keys, put/delete
 * mixes, reads of their own writes, commit or discard, reuse), crashed anywhere and reopened.
 * Invariants: see scenarios/flatfs/check.ts.
 */

export type { FlatOperation, FlatResult } from './flatfs/operations.js';

/** The bundled system: FlatStore with next-to-last/2 sharding, syncing (so acks are durable). */
export const openFlatfsSystem: SystemFactory<FlatStoreApi> = (fs: FileSystem, root: string) =>
  createFlatStore(fs, root, { shard: 'next-to-last/2', sync: true });

const decode = (bytes: Uint8Array | undefined): string | null => (bytes === undefined ? null : new TextDecoder().decode(bytes));

async function runRound(batch: FlatBatchApi, round: BatchRound): Promise<RoundReads> {
  // Issued together: each call registers before its first await, so call order still decides.
  await Promise.all(round.writes.map((write) => (write.kind === 'put' ? batch.put(write.key, valueOf(write)) : batch.delete(write.key))));
  const reads: KeyRead[] = [];
  for (const key of [...new Set(round.writes.map((write) => write.key))].sort()) {
    const value = decode(await batch.get(key));
    const sizeBytes = (await batch.getSize(key)) ?? null;
    reads.push({ key, value, has: await batch.has(key), sizeBytes });
  }
  const listed = await batch.query();
  if (round.end === 'commit') await batch.commit();
  else await batch.discard();
  return { reads, listed };
}

async function apply(store: FlatStoreApi, operation: FlatOperation): Promise<FlatResult> {
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

export const flatfsScenario: Scenario<FlatStoreApi, FlatOperation, FlatResult> = {
  name: 'flatfs',
  description: 'FlatStore: concurrent puts, deletes and temp-dir batches, crash anywhere, reopen',
  defaultFactory: openFlatfsSystem,
  generate: generateFlatWorkload,
  apply,
  close: (store) => store.close(),
  check: checkFlatfs,
  describe: describeFlatOperation,
};
