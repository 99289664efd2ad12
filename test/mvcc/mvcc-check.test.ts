import { describe, expect, it } from 'vitest';
import { createMemFs } from '../../src/fs/mem-fs.js';
import { mvccScenario, openMvccSystem, type MvccOperation, type MvccResult, type MvccSystem } from '../../scenarios/mvcc/index.js';
import type { OperationOutcome, OperationRecord } from '../../sim/scenario.js';

/** The scenario's check on hand-built histories: it must pass the legal ones and catch each bug. */

type Record = OperationRecord<MvccOperation, MvccResult>;

function txn(key: string, value: string, startTs: number, commitTs: number): MvccOperation {
  return { kind: 'txn', reads: [], writes: [{ key, value, ttl: null }], ticket: { startTs, ts: commitTs } };
}

function ok(result: MvccResult): OperationOutcome<MvccResult> {
  return { kind: 'ok', value: result };
}

function history(...entries: [MvccOperation, OperationOutcome<MvccResult>, number, number | null][]): Record[] {
  return entries.map(([operation, outcome, invokedAtStep, completedAtStep], id) => ({ id, client: id % 2, operation, invokedAtStep, completedAtStep, outcome }));
}

async function check(records: Record[], prepare: (store: MvccSystem) => Promise<void>): Promise<string[]> {
  const fs = createMemFs();
  const store = await openMvccSystem(fs, '/data');
  await prepare(store);
  const violations = await mvccScenario.check({ history: records, recovered: store, fs, root: '/data', crashStep: 100 });
  await store.close();
  return violations.map((v) => v.invariant);
}

describe('mvcc scenario check', () => {
  const commitA = txn('a', 'a.0.1', 0, 1);
  const acknowledged = history([commitA, ok({ kind: 'txn', startTs: 0, commitTs: 1, reads: [] }), 0, 5]);

  it('passes a recovered store that kept the acknowledged commit', async () => {
    expect(await check(acknowledged, (s) => s.applyMutations([{ type: 'put', key: 'a', value: 'a.0.1' }], 0, 1))).toEqual([]);
  });

  it('passes a store that lost a commit cut by the crash', async () => {
    const cut = history([txn('a', 'a.0.1', 0, 1), { kind: 'cut' }, 0, null]);
    expect(await check(cut, async () => undefined)).toEqual([]);
  });

  it('catches a lost acknowledged commit and a lastCommitTs that went back', async () => {
    const found = await check(acknowledged, async () => undefined);
    expect(found).toContain('last-commit-ts');
    expect(found).toContain('recovered-read');
  });

  it('catches a lastCommitTs that went back while the data survived', async () => {
    // What the separate-record mutant leaves: the data survived, the timestamp did not.
    const found = await check(acknowledged, async (s) => {
      await s.applyMutations([{ type: 'put', key: 'a', value: 'a.0.1' }], 0, 1);
      Object.defineProperty(s, 'lastCommitTs', { value: () => 0 });
    });
    expect(found).toEqual(['last-commit-ts']);
  });

  it('catches two overlapping transactions on one key that both committed', async () => {
    const both = history(
      [txn('a', 'a.0.1', 0, 1), ok({ kind: 'txn', startTs: 0, commitTs: 1, reads: [] }), 0, 5],
      [txn('a', 'a.1.1', 0, 2), ok({ kind: 'txn', startTs: 0, commitTs: 2, reads: [] }), 1, 6],
    );
    const found = await check(both, async (s) => {
      await s.putAt('a', 'a.0.1', 1);
      await s.putAt('a', 'a.1.1', 2);
    });
    expect(found).toEqual(['write-conflict']);
  });

  it('catches a read that missed a commit acknowledged before it began', async () => {
    const stale = history(
      [commitA, ok({ kind: 'txn', startTs: 0, commitTs: 1, reads: [] }), 0, 5],
      [{ kind: 'get', key: 'a', lag: 0, ticket: { startTs: null, ts: 1 } }, ok({ kind: 'get', ts: 1, value: null }), 6, 6],
    );
    expect(await check(stale, (s) => s.applyMutations([{ type: 'put', key: 'a', value: 'a.0.1' }], 0, 1))).toEqual(['live-read']);
  });

  it('allows a read concurrent with a commit to see it or not', async () => {
    for (const value of [null, 'a.0.1']) {
      const racing = history(
        [commitA, ok({ kind: 'txn', startTs: 0, commitTs: 1, reads: [] }), 0, 5],
        [{ kind: 'get', key: 'a', lag: 0, ticket: { startTs: null, ts: 1 } }, ok({ kind: 'get', ts: 1, value }), 3, 4],
      );
      expect(await check(racing, (s) => s.applyMutations([{ type: 'put', key: 'a', value: 'a.0.1' }], 0, 1))).toEqual([]);
    }
  });

  it('catches a watermark below an acknowledged compaction, and reads below it must fail', async () => {
    const compacted = history(
      [commitA, ok({ kind: 'txn', startTs: 0, commitTs: 1, reads: [] }), 0, 5],
      [txn('a', 'a.0.2', 1, 2), ok({ kind: 'txn', startTs: 1, commitTs: 2, reads: [] }), 6, 8],
      [{ kind: 'compact', lag: 0, ticket: { startTs: null, ts: 2 } }, ok({ kind: 'compact', minTs: 2 }), 9, 12],
    );
    const write = async (s: MvccSystem): Promise<void> => {
      await s.applyMutations([{ type: 'put', key: 'a', value: 'a.0.1' }], 0, 1);
      await s.applyMutations([{ type: 'put', key: 'a', value: 'a.0.2' }], 1, 2);
    };
    expect(await check(compacted, async (s) => { await write(s); await s.compact(2); })).toEqual([]);
    expect(await check(compacted, write)).toEqual(['watermark']);
  });

  it('allows a non-transactional write to be lost unless a sync followed it', async () => {
    const put: MvccOperation = { kind: 'write', write: { key: 'b', value: 'b.0.1', ttl: null }, ticket: { startTs: null, ts: 1 } };
    const unsynced = history([put, ok({ kind: 'write', commitTs: 1 }), 0, 3]);
    expect(await check(unsynced, async () => undefined)).toEqual([]);
    const synced = history([put, ok({ kind: 'write', commitTs: 1 }), 0, 3], [{ kind: 'sync' }, ok({ kind: 'sync' }), 4, 6]);
    expect(await check(synced, async () => undefined)).toEqual(['last-commit-ts', 'recovered-read']);
  });
});
