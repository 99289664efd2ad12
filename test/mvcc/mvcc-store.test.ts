import { afterEach, describe, expect, it } from 'vitest';
import type { FileSystem } from '../../src/fs/types.js';
import {
  MvccStore,
  isMvccClosedError,
  isMvccError,
  isReadTsCompactedError,
  isWriteConflictError,
} from '../../src/mvcc/index.js';
import { BACKENDS } from './backends.js';

for (const backend of BACKENDS) {
  describe(`MvccStore on ${backend.name}`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    let fs: FileSystem;
    let root: string;
    const open = (): Promise<MvccStore> => MvccStore.open(fs, root, { segmentSizeBytes: 512 });

    async function setUp(): Promise<MvccStore> {
      const made = await backend.make();
      fs = made.fs;
      root = made.root;
      cleanup = made.cleanup;
      return open();
    }
    afterEach(() => cleanup());

    it('reads the newest version at or below the read timestamp', async () => {
      const store = await setUp();
      await store.applyMutations([{ type: 'put', key: 'a', value: 'a1' }], 0, 10);
      await store.applyMutations([{ type: 'put', key: 'a', value: 'a2' }], 10, 20);
      await store.applyMutations([{ type: 'delete', key: 'a' }], 20, 30);
      expect(await store.getAt('a', 9)).toBeUndefined();
      expect(await store.getAt('a', 10)).toBe('a1');
      expect(await store.getAt('a', 25)).toBe('a2');
      expect(await store.getAt('a', 30)).toBeUndefined();
      expect(await store.existsAt('a', 15)).toBe(true);
      expect(await store.existsAt('a', 35)).toBe(false);
      expect(store.lastCommitTs()).toBe(30);
      await store.close();
    });

    it('hides expired values from the expiry timestamp on', async () => {
      const store = await setUp();
      await store.applyMutations([{ type: 'put', key: 'k', value: 'v', expireAt: 15 }], 0, 10);
      expect(await store.getAt('k', 14)).toBe('v');
      expect(await store.getAt('k', 15)).toBeUndefined();
      await store.putAt('j', 'w', 20);
      expect(await store.expireAt('j', 25, 22)).toBe(true);
      expect(await store.expireAt('missing', 25, 22)).toBe(false);
      expect(await store.getAt('j', 24)).toBe('w');
      expect(await store.getAt('j', 25)).toBeUndefined();
      expect(await store.getAt('j', 21)).toBe('w');
      await store.close();
    });

    it('scans [start, end) both ways, skipping deleted keys, stopping at the limit', async () => {
      const store = await setUp();
      for (const [i, key] of ['a', 'b', 'c', 'd', 'e'].entries()) await store.putAt(key, key.toUpperCase(), i + 1);
      await store.deleteAt('c', 10);
      const keys = (rows: { key: string }[]): string[] => rows.map((row) => row.key);
      expect(keys(await store.scanAt('b', 'e', 20, 10))).toEqual(['b', 'd']);
      expect(keys(await store.scanAt('b', 'e', 9, 10))).toEqual(['b', 'c', 'd']);
      expect(keys(await store.scanAt('a', 'z', 20, 2))).toEqual(['a', 'b']);
      expect(keys(await store.reverseScanAt('a', 'e', 20, 2))).toEqual(['d', 'b']);
      expect(keys(await store.reverseScanAt('b', 'f', 3, 10))).toEqual(['c', 'b']);
      expect(await store.scanAt('a', 'b', 20, 5)).toEqual([{ key: 'a', value: 'A', commitTs: 1 }]);
      await store.close();
    });

    it('refuses a transaction that writes a key committed after its start', async () => {
      const store = await setUp();
      await store.applyMutations([{ type: 'put', key: 'x', value: '1' }], 0, 5);
      const error = await store.applyMutations([{ type: 'put', key: 'x', value: '2' }], 4, 6).catch((e: unknown) => e);
      expect(isWriteConflictError(error)).toBe(true);
      expect(isMvccError(error)).toBe(true);
      expect(await store.getAt('x', 10)).toBe('1');
      expect(store.lastCommitTs()).toBe(5);
      await store.applyMutations([{ type: 'put', key: 'x', value: '3' }], 5, 7);
      expect(await store.getAt('x', 10)).toBe('3');
      await expect(store.applyMutations([], 7, 7)).rejects.toThrow(/greater than startTs/);
      await store.close();
    });

    it('lets exactly one of two concurrent conflicting transactions commit, in one batch', async () => {
      const store = await setUp();
      const outcomes = await Promise.allSettled([
        store.applyMutations([{ type: 'put', key: 'k', value: 'first' }], 0, 1),
        store.applyMutations([{ type: 'put', key: 'k', value: 'second' }], 0, 2),
        store.applyMutations([{ type: 'put', key: 'other', value: 'o' }], 0, 3),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await store.getAt('k', 5)).toBe('first');
      expect(store.lastCommitTs()).toBe(3);
      await store.close();
    });

    it('recovers commits, lastCommitTs and synced non-transactional writes after reopen', async () => {
      let store = await setUp();
      for (let ts = 1; ts <= 40; ts++) await store.applyMutations([{ type: 'put', key: `k${ts % 7}`, value: `v${ts}` }], ts - 1, ts);
      await store.putAt('loose', 'l', 41);
      await store.sync();
      await store.close();
      store = await open();
      expect(store.lastCommitTs()).toBe(41);
      expect(await store.getAt('k5', 40)).toBe('v40');
      expect(await store.getAt('k5', 39)).toBe('v33');
      expect(await store.getAt('loose', 41)).toBe('l');
      await store.close();
    });

    it('compacts below the watermark, keeps what reads at or above it need, and survives reopen', async () => {
      let store = await setUp();
      await store.putAt('a', 'a1', 1);
      await store.putAt('a', 'a2', 3);
      await store.putAt('a', 'a3', 6);
      await store.putAt('gone', 'g', 2);
      await store.deleteAt('gone', 4);
      await store.putAt('!txn|lock', 'l1', 1);
      await store.putAt('!txn|lock', 'l2', 2);
      await store.compact(5);
      expect(store.minRetainedTs()).toBe(5);
      const error = await store.getAt('a', 4).catch((e: unknown) => e);
      expect(isReadTsCompactedError(error)).toBe(true);
      await expect(store.scanAt('a', 'z', 4, 10)).rejects.toThrow(/watermark/);
      expect(await store.getAt('a', 5)).toBe('a2');
      expect(await store.getAt('a', 6)).toBe('a3');
      expect(await store.getAt('!txn|lock', 1)).toBe('l1');
      await store.compact(3);
      expect(store.minRetainedTs()).toBe(5);
      await store.putAt('b', 'b1', 7);
      await store.close();
      store = await open();
      expect(store.minRetainedTs()).toBe(5);
      expect(store.lastCommitTs()).toBe(7);
      expect(await store.getAt('a', 5)).toBe('a2');
      expect(await store.getAt('!txn|lock', 1)).toBe('l1');
      expect(await store.getAt('b', 7)).toBe('b1');
      expect((await store.scanAt('', '~', 10, 10)).map((r) => r.key)).toEqual(['!txn|lock', 'a', 'b']);
      await store.close();
    });

    it('replays the log above a checkpoint', async () => {
      let store = await setUp();
      await store.applyMutations([{ type: 'put', key: 'a', value: '1' }], 0, 1);
      await store.checkpoint();
      await store.applyMutations([{ type: 'put', key: 'a', value: '2' }], 1, 2);
      await store.close();
      store = await open();
      expect(await store.getAt('a', 1)).toBe('1');
      expect(await store.getAt('a', 2)).toBe('2');
      expect(store.lastCommitTs()).toBe(2);
      expect((await fs.readdir(root)).sort()).toEqual(['checkpoint', 'wal']);
      await store.close();
    });

    it('rejects calls after close and bad arguments with a code', async () => {
      const store = await setUp();
      await expect(store.getAt('a', -1)).rejects.toMatchObject({ code: 'MVCC_INVALID_ARGUMENT' });
      await expect(store.scanAt('a', 'b', 1, 0)).rejects.toMatchObject({ code: 'MVCC_INVALID_ARGUMENT' });
      await expect(store.putAt('a', 'b', 0)).rejects.toMatchObject({ code: 'MVCC_INVALID_ARGUMENT' });
      await store.close();
      const error = await store.getAt('a', 1).catch((e: unknown) => e);
      expect(isMvccClosedError(error)).toBe(true);
    });
  });
}
