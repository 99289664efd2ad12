import { describe, expect, it } from 'vitest';
import { KEY_BYTES_MAX, isBlobStoreError, openBlobStore } from '../../src/blob/index.js';
import type { BlobStore, BlobStoreOptions } from '../../src/blob/index.js';
import { createMemFs } from '../../src/fs/mem-fs.js';
import { BACKENDS, bytes, listTree, text } from './backends.js';
import { instrument } from './instrumented-fs.js';

const HOSTILE_KEYS: readonly unknown[] = [
  '',
  '.',
  '..',
  '../escape',
  '../../etc/passwd',
  '/etc/passwd',
  'a/b',
  'a\\b',
  '..\\..\\escape',
  'nul\0byte',
  'line\nbreak',
  '.hidden',
  '.tmp-0-0',
  'x'.repeat(KEY_BYTES_MAX + 1),
  '\u20ac'.repeat(67), // 201 bytes of UTF-8 in 67 characters
  'lone\uD800surrogate',
  42,
  null,
];

/** Every way a key reaches the disk. */
const CALLS: readonly [string, (store: BlobStore, key: string) => Promise<unknown>][] = [
  ['put', (s, k) => s.put(k, bytes('v'))],
  ['put no-overwrite', (s, k) => s.put(k, bytes('v'), { overwrite: false })],
  ['putIfAbsent', (s, k) => s.putIfAbsent(k, bytes('v'))],
  ['get', (s, k) => s.get(k)],
  ['getRange', (s, k) => s.getRange(k, 0, 0)],
  ['has', (s, k) => s.has(k)],
  ['delete', (s, k) => s.delete(k)],
  ['list', (s, k) => s.list(k)],
];

describe('BlobStore key confinement', () => {
  for (const backend of BACKENDS) {
    it(`rejects hostile keys on ${backend.name} before touching the disk, and nothing appears outside the root`, async () => {
      const sandbox = await backend.make();
      try {
        const probe = instrument(sandbox.fs);
        const store = await openBlobStore(probe.fs, sandbox.root, { hashPrefixDirs: 1 });
        const before = await listTree(sandbox.fs, sandbox.base);
        for (const key of HOSTILE_KEYS) {
          if (key === '') continue; // '' is a valid list prefix; checked for the other calls below
          for (const [name, call] of CALLS) {
            probe.calls.length = 0;
            const error = await call(store, key as string).then(
              () => undefined,
              (e: unknown) => e,
            );
            expect(isBlobStoreError(error, 'BLOB_INVALID_KEY'), `${name}(${JSON.stringify(key)})`).toBe(true);
            expect(probe.calls, `${name}(${JSON.stringify(key)}) touched the disk`).toEqual([]);
          }
        }
        for (const [name, call] of CALLS.filter(([n]) => n !== 'list')) {
          const error = await call(store, '').catch((e: unknown) => e);
          expect(isBlobStoreError(error, 'BLOB_INVALID_KEY'), `${name}('')`).toBe(true);
        }
        expect(await listTree(sandbox.fs, sandbox.base)).toEqual(before);
      } finally {
        await sandbox.dispose();
      }
    });
  }

  it('accepts ordinary keys up to 200 bytes, including dots inside and unicode', async () => {
    const store = await openBlobStore(createMemFs(), '/store');
    for (const key of ['x'.repeat(KEY_BYTES_MAX), 'a.b', 'a..b', 'file.tmp', 'k.sum', '\u20ac'.repeat(66), 'emoji-\u{1F600}', '-', '~']) {
      await store.put(key, bytes(key));
      expect(text(await store.get(key))).toBe(key);
    }
  });

  it('checks every path it touches stays under the root', async () => {
    const probe = instrument(createMemFs());
    const store = await openBlobStore(probe.fs, '/data/store', { hashPrefixDirs: 2 });
    await store.put('k', bytes('v'));
    await store.putIfAbsent('p', bytes('v'));
    await store.delete('k');
    await store.list();
    for (const { path } of probe.calls) expect(path === '/data/store' || path.startsWith('/data/store/'), path).toBe(true);
  });
});

describe('BlobStore syncs', () => {
  async function countSyncs(options: BlobStoreOptions, action: (store: BlobStore) => Promise<unknown>) {
    const probe = instrument(createMemFs());
    const store = await openBlobStore(probe.fs, '/store', options);
    await store.put('warm', bytes('up'));
    probe.calls.length = 0;
    await action(store).catch(() => undefined);
    const calls = probe.calls.map((c) => c.call);
    return {
      fileSyncs: probe.calls.filter((c) => c.call === 'handle.sync' && c.path !== '/store').length,
      fileDatasyncs: calls.filter((c) => c === 'handle.datasync').length,
      dirSyncs: probe.calls.filter((c) => c.call === 'handle.sync' && c.path === '/store').length,
    };
  }

  it('makes exactly one file sync and one directory sync per put and putIfAbsent', async () => {
    expect(await countSyncs({}, (s) => s.put('k', bytes('v')))).toEqual({ fileSyncs: 1, fileDatasyncs: 0, dirSyncs: 1 });
    expect(await countSyncs({}, (s) => s.putIfAbsent('k', bytes('v')))).toEqual({ fileSyncs: 1, fileDatasyncs: 0, dirSyncs: 1 });
    expect(await countSyncs({ fsyncMode: 'data' }, (s) => s.put('k', bytes('v')))).toEqual({ fileSyncs: 0, fileDatasyncs: 1, dirSyncs: 1 });
    expect(await countSyncs({ fsyncMode: 'none' }, (s) => s.put('k', bytes('v')))).toEqual({ fileSyncs: 0, fileDatasyncs: 0, dirSyncs: 0 });
  });

  it('syncs the directory on delete, even of a missing key, and on a lost putIfAbsent', async () => {
    expect(await countSyncs({}, (s) => s.delete('warm'))).toEqual({ fileSyncs: 0, fileDatasyncs: 0, dirSyncs: 1 });
    expect(await countSyncs({}, (s) => s.delete('missing'))).toEqual({ fileSyncs: 0, fileDatasyncs: 0, dirSyncs: 1 });
    expect((await countSyncs({}, (s) => s.putIfAbsent('warm', bytes('x')))).dirSyncs).toBe(1);
  });

  it('syncs each new hash-prefix directory into its parent once per store', async () => {
    const probe = instrument(createMemFs());
    const store = await openBlobStore(probe.fs, '/store', { hashPrefixDirs: 2 });
    await store.put('k', bytes('v'));
    const dirSyncs = probe.calls.filter((c) => c.call === 'handle.sync').map((c) => c.path);
    expect(dirSyncs.length).toBe(4); // root (for level 1), level 1 (for level 2), the temp file, the leaf dir
    expect(dirSyncs[0]).toBe('/store');
    probe.calls.length = 0;
    await store.put('k', bytes('w'));
    expect(probe.calls.filter((c) => c.call === 'handle.sync').length).toBe(2);
  });

  for (const failing of ['handle.sync', 'handle.close', 'rename', 'link'] as const) {
    it(`fails the operation and publishes nothing when ${failing} fails`, async () => {
      const probe = instrument(createMemFs());
      const store = await openBlobStore(probe.fs, '/store');
      probe.failWhen = (call, path) => call === failing && path.includes('.tmp-');
      if (failing !== 'link') await expect(store.put('k', bytes('v'))).rejects.toThrow(/EIO/);
      if (failing !== 'rename') await expect(store.putIfAbsent('k', bytes('v'))).rejects.toThrow(/EIO/);
      probe.failWhen = () => false;
      expect(await store.has('k')).toBe(false);
      expect(await store.list()).toEqual([]);
      expect(await probe.fs.readdir('/store')).toEqual([]);
    });
  }

  it('fails the operation when the directory sync fails (the blob may be visible, but nothing is acknowledged)', async () => {
    const probe = instrument(createMemFs());
    const store = await openBlobStore(probe.fs, '/store');
    probe.failWhen = (call, path) => call === 'handle.sync' && path === '/store';
    await expect(store.put('k', bytes('v'))).rejects.toThrow(/EIO/);
    expect(await probe.fs.readdir('/store')).toEqual(['k']);
    await expect(store.delete('k')).rejects.toThrow(/EIO/);
    await expect(store.putIfAbsent('p', bytes('v'))).rejects.toThrow(/EIO/);
  });
});
