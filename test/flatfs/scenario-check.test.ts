import { describe, expect, it } from 'vitest';
import { createMemFs } from '../../src/fs/mem-fs.js';
import { join } from '../../src/fs/path.js';
import { createFlatStore, type FlatStore } from '../../src/flatfs/index.js';
import type { OperationOutcome, OperationRecord } from '../../sim/scenario.js';
import { flatfsScenario, type FlatOperation, type FlatResult } from '../../scenarios/flatfs/index.js';
import { valueOf, type FlatWrite } from '../../scenarios/flatfs/operations.js';

/** The flatfs invariants on hand-built histories and disks: each must hold, and each must fire. */

const ROOT = '/data';
type Record = OperationRecord<FlatOperation, FlatResult>;

const put = (key: string, n: number, lengthBytes = 40): Extract<FlatWrite, { kind: 'put' }> => ({ kind: 'put', key, tag: `${key}#${n}`, lengthBytes });
const del = (key: string): FlatWrite => ({ kind: 'delete', key });
const OK: OperationOutcome<FlatResult> = { kind: 'ok', value: { kind: 'done' } };

class History {
  readonly records: Record[] = [];
  add(client: number, operation: FlatOperation, invokedAtStep: number, completedAtStep: number | null, outcome: OperationOutcome<FlatResult> = OK): this {
    this.records.push({ id: this.records.length, client, operation, invokedAtStep, completedAtStep, outcome: completedAtStep === null ? { kind: 'cut' } : outcome });
    return this;
  }
}

async function freshStore(): Promise<{ store: FlatStore; fs: ReturnType<typeof createMemFs> }> {
  const fs = createMemFs();
  await fs.mkdir(ROOT);
  return { store: await createFlatStore(fs, ROOT), fs };
}

async function check(history: History, store: FlatStore, fs: ReturnType<typeof createMemFs>): Promise<string[]> {
  const violations = await flatfsScenario.check({ history: history.records, recovered: store, fs, root: ROOT, crashStep: 100 });
  return violations.map((violation) => violation.invariant);
}

describe('flatfs check', () => {
  it('accepts a state that matches every acknowledged write', async () => {
    const { store, fs } = await freshStore();
    await store.put('AAXY1', valueOf(put('AAXY1', 2)));
    const history = new History()
      .add(0, put('AAXY1', 1), 0, 5)
      .add(0, put('AAXY1', 2), 6, 10)
      .add(1, put('BBXY2', 3), 2, null) // cut: may be lost
      .add(1, { kind: 'batch', rounds: [{ writes: [put('CCQR3', 4), del('CCQR3')], end: 'commit' }] }, 3, null);
    expect(await check(history, store, fs)).toEqual([]);
  });

  it('flags a lost acknowledged put, and a stale value it superseded', async () => {
    const { store, fs } = await freshStore();
    const history = new History().add(0, put('AAXY1', 1), 0, 5).add(0, put('AAXY1', 2), 6, 10);
    expect(await check(history, store, fs)).toEqual(['acknowledged-durability']);
    await store.put('AAXY1', valueOf(put('AAXY1', 1)));
    expect(await check(history, store, fs)).toEqual(['acknowledged-durability']);
  });

  it('lets overlapping writes win in any order (first successful writer wins)', async () => {
    const { store, fs } = await freshStore();
    await store.put('AAXY1', valueOf(put('AAXY1', 1)));
    const history = new History().add(0, put('AAXY1', 1), 0, 9).add(1, put('AAXY1', 2), 3, 12).add(2, del('AAXY1'), 4, 13);
    expect(await check(history, store, fs)).toEqual([]);
  });

  it('flags a partial value under a key', async () => {
    const { store, fs } = await freshStore();
    await store.put('AAXY1', valueOf(put('AAXY1', 1)).slice(0, 20));
    const history = new History().add(0, put('AAXY1', 1), 0, null);
    expect(await check(history, store, fs)).toEqual(['no-partial-value']);
  });

  it('requires a committed batch, with first-writer-wins duplicates and last-op-wins deletes', async () => {
    const { store, fs } = await freshStore();
    const batch = { kind: 'batch' as const, rounds: [{ writes: [put('AAXY1', 1), put('AAXY1', 2), put('BBXY2', 3), del('BBXY2')], end: 'commit' as const }] };
    const history = new History().add(0, put('BBXY2', 0), 0, 2).add(0, batch, 3, 20);
    await store.put('AAXY1', valueOf(put('AAXY1', 2))); // the duplicate, not the first put
    await store.put('BBXY2', valueOf(put('BBXY2', 0))); // the batch's delete lost
    expect(await check(history, store, fs)).toEqual(['acknowledged-durability', 'acknowledged-durability']);
    await store.put('AAXY1', valueOf(put('AAXY1', 1)));
    await store.delete('BBXY2');
    expect(await check(history, store, fs)).toEqual([]);
  });

  it('flags a batch that does not read its own writes', async () => {
    const { store, fs } = await freshStore();
    const operation: FlatOperation = { kind: 'batch', rounds: [{ writes: [put('AAXY1', 1), del('BBXY2')], end: 'discard' }] };
    const value = valueOf(put('AAXY1', 1));
    const good: FlatResult = {
      kind: 'batch',
      rounds: [{ reads: [{ key: 'AAXY1', value, has: true, sizeBytes: value.length }, { key: 'BBXY2', value: null, has: false, sizeBytes: null }], listed: ['AAXY1'], outside: [] }],
    };
    expect(await check(new History().add(0, operation, 0, 9, { kind: 'ok', value: good }), store, fs)).toEqual([]);
    const stale: FlatResult = { kind: 'batch', rounds: [{ reads: [{ key: 'AAXY1', value: null, has: false, sizeBytes: null }], listed: ['BBXY2'], outside: [] }] };
    const found = await check(new History().add(0, operation, 0, 9, { kind: 'ok', value: stale }), store, fs);
    expect(new Set(found)).toEqual(new Set(['batch-reads-own-writes']));
  });

  it('flags a read during the run that saw a value nobody wrote', async () => {
    const { store, fs } = await freshStore();
    const history = new History().add(0, put('AAXY1', 1), 0, 4).add(1, { kind: 'get', key: 'AAXY1' }, 1, 3, { kind: 'ok', value: { kind: 'value', value: 'AAXY1#1|AAX' } });
    await store.put('AAXY1', valueOf(put('AAXY1', 1)));
    expect(await check(history, store, fs)).toEqual(['no-partial-value']);
  });

  it('flags leftovers in .temp and stray files in shards', async () => {
    const { store, fs } = await freshStore();
    await fs.mkdir(join(ROOT, '.temp', 'batch-i0-1'));
    expect(await check(new History(), store, fs)).toEqual(['no-temp-leftovers']);
    await fs.rmdir(join(ROOT, '.temp', 'batch-i0-1'));
    await fs.mkdir(join(ROOT, 'XY'));
    await fs.writeFile(join(ROOT, 'XY', 'put-i0-3'), 'x');
    expect(await check(new History(), store, fs)).toEqual(['no-temp-leftovers']);
  });

  it('flags errors a healthy disk cannot explain', async () => {
    const { store, fs } = await freshStore();
    const history = new History().add(0, put('AAXY1', 1), 0, 4, { kind: 'error', code: 'EEXIST', message: 'EEXIST: file already exists' });
    expect(await check(history, store, fs)).toEqual(['unexpected-error']);
  });
});
