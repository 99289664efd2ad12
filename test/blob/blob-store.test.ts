import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isBlobStoreError, openBlobStore } from '../../src/blob/index.js';
import type { BlobStore } from '../../src/blob/index.js';
import { HEADER_SIZE_BYTES } from '../../src/blob/format.js';
import { BACKENDS, bytes, listTree, text } from './backends.js';
import type { Sandbox } from './backends.js';

for (const backend of BACKENDS) {
  describe(`BlobStore on ${backend.name}`, () => {
    let sandbox: Sandbox;
    let store: BlobStore;

    beforeEach(async () => {
      sandbox = await backend.make();
      store = await openBlobStore(sandbox.fs, sandbox.root);
    });
    afterEach(async () => {
      await store.close();
      await sandbox.dispose();
    });

    it('puts and gets bytes, including empty and large blobs', async () => {
      const large = new Uint8Array(200_000).map((_, i) => (i * 7) & 0xff);
      await store.put('a', bytes('hello'));
      await store.put('empty', new Uint8Array(0));
      await store.put('large', large);
      expect(text(await store.get('a'))).toBe('hello');
      expect((await store.get('empty')).length).toBe(0);
      expect(await store.get('large')).toEqual(large);
    });

    it('overwrites by default and refuses with overwrite: false', async () => {
      await store.put('k', bytes('one'));
      await store.put('k', bytes('two'));
      expect(text(await store.get('k'))).toBe('two');
      const refused = await store.put('k', bytes('three'), { overwrite: false }).catch((e: unknown) => e);
      expect(isBlobStoreError(refused, 'BLOB_ALREADY_EXISTS')).toBe(true);
      expect(text(await store.get('k'))).toBe('two');
      await store.put('fresh', bytes('new'), { overwrite: false });
      expect(text(await store.get('fresh'))).toBe('new');
    });

    it('reports a missing blob as NotFound from get and getRange', async () => {
      const fromGet = await store.get('nope').catch((e: unknown) => e);
      const fromRange = await store.getRange('nope', 0, 0).catch((e: unknown) => e);
      expect(isBlobStoreError(fromGet, 'BLOB_NOT_FOUND')).toBe(true);
      expect(isBlobStoreError(fromRange, 'BLOB_NOT_FOUND')).toBe(true);
      expect((fromGet as Error).name).toBe('NotFoundError');
    });

    it('reads ranges, across verification chunks, and rejects ranges past the end', async () => {
      const large = new Uint8Array(150_000).map((_, i) => (i * 13) & 0xff);
      await store.put('big', large);
      expect(await store.getRange('big', 65_530, 20)).toEqual(large.subarray(65_530, 65_550));
      expect(await store.getRange('big', 0, 150_000)).toEqual(large);
      expect((await store.getRange('big', 150_000, 0)).length).toBe(0);
      await store.put('small', bytes('abcdefghij'));
      expect(text(await store.getRange('small', 3, 4))).toBe('defg');
      const past = await store.getRange('small', 8, 3).catch((e: unknown) => e);
      expect(isBlobStoreError(past, 'BLOB_RANGE_OUT_OF_BOUNDS')).toBe(true);
      await expect(store.getRange('small', -1, 2)).rejects.toThrow(RangeError);
    });

    it('answers has, deletes (a missing key is fine) and lists sorted keys by prefix', async () => {
      for (const key of ['b2', 'a1', 'b1', 'c']) await store.put(key, bytes(key));
      expect(await store.has('a1')).toBe(true);
      expect(await store.has('zz')).toBe(false);
      expect(await store.list()).toEqual(['a1', 'b1', 'b2', 'c']);
      expect(await store.list('b')).toEqual(['b1', 'b2']);
      await store.delete('b1');
      await store.delete('b1');
      await store.delete('never');
      expect(await store.has('b1')).toBe(false);
      expect(await store.list()).toEqual(['a1', 'b2', 'c']);
    });

    it('never lists temp files', async () => {
      await store.put('k', bytes('v'));
      await sandbox.fs.writeFile(`${sandbox.root}/.tmp-zz-1`, 'partial');
      expect(await store.list()).toEqual(['k']);
    });

    it('gives exactly one winner among many concurrent putIfAbsent calls', async () => {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 24 }, (_, i) => store.putIfAbsent('race', bytes(`writer-${i}`))),
      );
      const winners = outcomes.filter((o) => o.status === 'fulfilled');
      const losers = outcomes.filter((o) => o.status === 'rejected');
      expect(winners.length).toBe(1);
      for (const loser of losers) expect(isBlobStoreError(loser.reason, 'BLOB_ALREADY_EXISTS')).toBe(true);
      const winnerIndex = outcomes.findIndex((o) => o.status === 'fulfilled');
      expect(text(await store.get('race'))).toBe(`writer-${winnerIndex}`);
      expect(await listTree(sandbox.fs, sandbox.root)).toEqual(['race']);
    });

    it('leaves one complete value after many concurrent puts on one key, and no temp files', async () => {
      const values = Array.from({ length: 16 }, (_, i) => `writer-${String(i).padStart(4, '0')}`.repeat(50 + i));
      await Promise.all(values.map((v) => store.put('contested', bytes(v))));
      expect(values).toContain(text(await store.get('contested')));
      expect(await listTree(sandbox.fs, sandbox.root)).toEqual(['contested']);
    });

    it('detects a corrupt or torn blob instead of returning it', async () => {
      await store.put('k', bytes('precious data'));
      const path = `${sandbox.root}/k`;
      const file = await sandbox.fs.readFile(path);
      const flipped = file.slice();
      flipped[HEADER_SIZE_BYTES + 2] = (flipped[HEADER_SIZE_BYTES + 2] as number) ^ 0x01;
      await sandbox.fs.writeFile(path, flipped);
      expect(isBlobStoreError(await store.get('k').catch((e: unknown) => e), 'BLOB_CHECKSUM_MISMATCH')).toBe(true);
      expect(isBlobStoreError(await store.getRange('k', 0, 1).catch((e: unknown) => e), 'BLOB_CHECKSUM_MISMATCH')).toBe(true);
      // A store opened without checksums does not verify the CRC but still catches a torn tail.
      const unchecked = await openBlobStore(sandbox.fs, sandbox.root, { checksums: false });
      expect((await unchecked.get('k')).length).toBe(13);
      await sandbox.fs.writeFile(path, file.subarray(0, file.length - 3));
      expect(isBlobStoreError(await unchecked.get('k').catch((e: unknown) => e), 'BLOB_CHECKSUM_MISMATCH')).toBe(true);
      await sandbox.fs.writeFile(path, new Uint8Array(0));
      expect(isBlobStoreError(await store.get('k').catch((e: unknown) => e), 'BLOB_CHECKSUM_MISMATCH')).toBe(true);
    });

    it('sweeps temp files left behind on open, and only those', async () => {
      await store.put('keep', bytes('v'));
      await sandbox.fs.writeFile(`${sandbox.root}/.tmp-0-7`, 'left by a crash');
      await sandbox.fs.writeFile(`${sandbox.root}/.tmp-zz-99`, 'left by another instance');
      const reopened = await openBlobStore(sandbox.fs, sandbox.root);
      expect(await listTree(sandbox.fs, sandbox.root)).toEqual(['keep']);
      expect(text(await reopened.get('keep'))).toBe('v');
    });

    it('lays blobs out under hash-prefix directories and sweeps temps there', async () => {
      const prefixed = await openBlobStore(sandbox.fs, `${sandbox.base}/prefixed`, { hashPrefixDirs: 2 });
      for (const key of ['alpha', 'beta', 'gamma']) await prefixed.put(key, bytes(key));
      await prefixed.putIfAbsent('delta', bytes('delta'));
      expect(await prefixed.list()).toEqual(['alpha', 'beta', 'delta', 'gamma']);
      const tree = await listTree(sandbox.fs, `${sandbox.base}/prefixed`);
      const files = tree.filter((p) => p.split('/').length === 3);
      expect(files.map((p) => p.split('/')[2]).sort()).toEqual(['alpha', 'beta', 'delta', 'gamma']);
      for (const path of files) expect(path).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[a-z]+$/);
      const leaf = files[0]?.split('/').slice(0, 2).join('/') ?? '';
      await sandbox.fs.writeFile(`${sandbox.base}/prefixed/${leaf}/.tmp-9-9`, 'x');
      const reopened = await openBlobStore(sandbox.fs, `${sandbox.base}/prefixed`, { hashPrefixDirs: 2 });
      expect(await listTree(sandbox.fs, `${sandbox.base}/prefixed/${leaf}`)).not.toContain('.tmp-9-9');
      await reopened.delete('beta');
      await reopened.delete('never-created-dir-key');
      expect(await reopened.list()).toEqual(['alpha', 'delta', 'gamma']);
      expect(text(await reopened.getRange('gamma', 1, 2))).toBe('am');
    });

    it('works in every fsync mode', async () => {
      for (const fsyncMode of ['full', 'data', 'none'] as const) {
        const s = await openBlobStore(sandbox.fs, `${sandbox.base}/${fsyncMode}`, { fsyncMode });
        await s.put('k', bytes(fsyncMode));
        await s.putIfAbsent('p', bytes('p'));
        await s.delete('k');
        expect(await s.list()).toEqual(['p']);
      }
    });

    it('rejects every call after close', async () => {
      await store.close();
      const error = await store.get('k').catch((e: unknown) => e);
      expect(isBlobStoreError(error, 'BLOB_STORE_CLOSED')).toBe(true);
      await expect(store.put('k', bytes('v'))).rejects.toThrow(/closed/);
    });
  });
}

describe('openBlobStore options', () => {
  it('rejects bad options and roots with messages naming the rule', async () => {
    const sandbox = await BACKENDS[0]!.make();
    await expect(openBlobStore(sandbox.fs, 'relative/root')).rejects.toThrow(/absolute path/);
    // @ts-expect-error: checking the run-time guard against untyped callers
    await expect(openBlobStore(sandbox.fs, '/r', { fsyncMode: 'sometimes' })).rejects.toThrow(/fsyncMode/);
    await expect(openBlobStore(sandbox.fs, '/r', { hashPrefixDirs: 4 })).rejects.toThrow(/hashPrefixDirs/);
    await expect(openBlobStore(sandbox.fs, '/r', { hashPrefixDirs: 1.5 })).rejects.toThrow(/hashPrefixDirs/);
  });
});
