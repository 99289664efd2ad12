import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fsError } from '../../src/fs/errors.js';
import { join } from '../../src/fs/path.js';
import { createFlatStore, isFlatStoreError, type FlatStore } from '../../src/flatfs/index.js';
import { BACKENDS, MEM_BACKEND, text, type Site } from './backends.js';
import { InstrumentedFs } from './instrumented-fs.js';

const keyOf = (i: number): string => `K${String(i).padStart(4, '0')}`;

describe.each(BACKENDS)('Batch on $name', (backend) => {
  let site: Site;
  let store: FlatStore;

  beforeEach(async () => {
    site = await backend.makeSite();
    store = await createFlatStore(site.fs, site.root);
  });
  afterEach(async () => {
    await store.close();
    await site.cleanup();
  });

  const tempEntries = async (): Promise<string[]> => site.fs.readdir(join(site.root, '.temp'));

  it('writes through a temp directory and applies on commit', async () => {
    await store.put('OLD1', 'old');
    const batch = store.batch();
    await batch.put('NEW1', 'new');
    await batch.delete('OLD1');
    expect(await tempEntries()).toHaveLength(1);
    expect(await store.has('NEW1')).toBe(false);
    expect(await store.has('OLD1')).toBe(true);
    await batch.commit();
    expect(text(await store.get('NEW1'))).toBe('new');
    expect(await store.has('OLD1')).toBe(false);
    expect(await tempEntries()).toEqual([]);
  });

  it('reads its own uncommitted writes', async () => {
    await store.put('BASE', 'base');
    await store.put('GONE', 'gone');
    const batch = store.batch();
    await batch.put('MINE', 'mine!');
    await batch.delete('GONE');
    expect(text(await batch.get('MINE'))).toBe('mine!');
    expect(await batch.getSize('MINE')).toBe(5);
    expect(await batch.has('GONE')).toBe(false);
    expect(await batch.get('GONE')).toBeUndefined();
    expect(text(await batch.get('BASE'))).toBe('base');
    expect(await batch.query()).toEqual(['BASE', 'MINE']);
    expect(await batch.query({ prefix: 'M' })).toEqual(['MINE']);
    expect(await store.query()).toEqual(['BASE', 'GONE']);
    await batch.discard();
  });

  it('keeps the first put of a duplicate key and never shares a temp file', async () => {
    const disk = new InstrumentedFs(site.fs);
    const instrumented = await createFlatStore(disk.fs, site.root);
    const batch = instrumented.batch();
    await Promise.all([batch.put('DUP', 'first value'), batch.put('DUP', 'second'), batch.put('DUP', 'third')]);
    expect(text(await batch.get('DUP'))).toBe('first value');
    await batch.commit();
    expect(text(await instrumented.get('DUP'))).toBe('first value');
    expect(disk.callsOf('open:wx').filter((call) => call.includes('/batch-'))).toHaveLength(1);
  });

  it('ends each key in the state of its last put or delete', async () => {
    await store.put('PD', 'before');
    await store.put('DP', 'before');
    const batch = store.batch();
    await batch.put('PD', 'batch');
    await batch.delete('PD');
    await batch.delete('DP');
    await batch.put('DP', 'after delete');
    await batch.put('PDP', 'one');
    await batch.delete('PDP');
    await batch.put('PDP', 'two');
    await batch.commit();
    expect(await store.has('PD')).toBe(false);
    expect(text(await store.get('DP'))).toBe('after delete');
    expect(text(await store.get('PDP'))).toBe('two');
    expect(await tempEntries()).toEqual([]);
  });

  it('discards without touching the store, and is reusable after commit and discard', async () => {
    const batch = store.batch();
    await batch.put('A1', 'x');
    await batch.discard();
    expect(await store.has('A1')).toBe(false);
    expect(await tempEntries()).toEqual([]);
    await batch.put('A2', 'y');
    await batch.commit();
    await batch.put('A3', 'z');
    await batch.delete('A2');
    await batch.commit();
    expect(await store.query()).toEqual(['A3']);
    expect(await tempEntries()).toEqual([]);
  });

  it('commits 100 keys across many shards', async () => {
    const batch = store.batch();
    for (let i = 0; i < 100; i++) await batch.put(keyOf(i), `value ${i}`);
    await batch.commit();
    const keys = await store.query();
    expect(keys).toHaveLength(100);
    expect(text(await store.get(keyOf(42)))).toBe('value 42');
  });

  it('refuses use while committing', async () => {
    const batch = store.batch();
    await batch.put('BUSY', 'x');
    const committing = batch.commit();
    await expect(batch.put('OTHER', 'y')).rejects.toMatchObject({ code: 'FLATFS_BATCH_BUSY' });
    await committing;
    await batch.put('OTHER', 'y'); // usable again
    await batch.discard();
  });
});

describe('Batch internals (MemFs, instrumented)', () => {
  const open = async (): Promise<{ disk: InstrumentedFs; store: FlatStore; root: string }> => {
    const site = await MEM_BACKEND.makeSite();
    const disk = new InstrumentedFs(site.fs);
    return { disk, store: await createFlatStore(disk.fs, site.root), root: site.root };
  };

  it('writes at most 16 puts at once, and does use the concurrency', async () => {
    const { disk, store } = await open();
    const batch = store.batch();
    await Promise.all(Array.from({ length: 60 }, (_, i) => batch.put(keyOf(i), 'v'.repeat(i))));
    await batch.commit();
    expect(disk.maxOpenWriters).toBe(16);
  });

  it('syncs each file, each touched shard once and the root once per commit of 100 keys', async () => {
    const { disk, store, root } = await open();
    const keys = Array.from({ length: 100 }, (_, i) => keyOf(i * 7));
    const shards = new Set(keys.map((key) => key.slice(-3, -1)));
    disk.calls.length = 0;
    const batch = store.batch();
    for (const key of keys) await batch.put(key, key);
    await batch.commit();
    const syncs = [...disk.callsOf('sync '), ...disk.callsOf('datasync ')];
    expect(syncs.filter((call) => call.includes('/.temp/'))).toHaveLength(100);
    expect(syncs.filter((call) => call === `sync ${root}`)).toHaveLength(1);
    expect(syncs).toHaveLength(100 + shards.size + 1);
    disk.calls.length = 0;
    const second = store.batch();
    for (const key of keys) await second.put(key, 'again');
    await second.commit();
    expect(disk.callsOf('sync ')).toHaveLength(100 + shards.size); // shards exist now: no root sync
  });

  it('reports a failed background write at commit and applies nothing', async () => {
    const { disk, store } = await open();
    disk.failWhen = (call, path) => (call === 'write' && path.endsWith('-3') ? fsError('ENOSPC', 'write', path) : undefined);
    const batch = store.batch();
    for (let i = 0; i < 5; i++) await batch.put(keyOf(i), 'v');
    const error: unknown = await batch.commit().catch((e: unknown) => e);
    expect(isFlatStoreError(error) && error.code).toBe('FLATFS_BATCH_WRITE_FAILED');
    expect(String(error)).toMatch(/ENOSPC/);
    expect(await store.query()).toEqual([]);
    disk.failWhen = () => undefined;
    await batch.put('AFTER', 'ok');
    await batch.commit();
    expect(await store.query()).toEqual(['AFTER']);
  });
});
