import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crc32 } from '../../src/checksum/crc32.js';
import { join } from '../../src/fs/path.js';
import {
  createFlatStore,
  decodeValue,
  isFlatStoreError,
  isInvalidKeyError,
  isShardingMismatchError,
  openFlatStore,
  type FlatStore,
  VALUE_TRAILER_BYTES,
} from '../../src/flatfs/index.js';
import { BACKENDS, MEM_BACKEND, text, type Site } from './backends.js';
import { InstrumentedFs } from './instrumented-fs.js';

describe.each(BACKENDS)('FlatStore on $name', (backend) => {
  let site: Site;
  let store: FlatStore;

  beforeEach(async () => {
    site = await backend.makeSite();
    store = await createFlatStore(site.fs, site.root, { shard: 'next-to-last/2' });
  });
  afterEach(async () => {
    await store.close();
    await site.cleanup();
  });

  it('records the shard function in SHARDING', async () => {
    // go-ds-flatfs's line, then the CRC of that line (so a flipped bit cannot name another function).
    expect(text(await site.fs.readFile(join(site.root, 'SHARDING')))).toMatch(/^\/repo\/flatfs\/shard\/v1\/next-to-last\/2\ncrc32 [0-9a-f]{8}\n$/);
    expect((await site.fs.readdir(site.root)).sort()).toEqual(['.temp', 'SHARDING']);
  });

  it('puts, gets, sizes, lists and deletes', async () => {
    await store.put('CIQABCDE', 'hello');
    await store.put('CIQXYZDE', new Uint8Array([1, 2, 3]));
    expect(text(await store.get('CIQABCDE'))).toBe('hello');
    expect(await store.has('CIQABCDE')).toBe(true);
    expect(await store.getSize('CIQXYZDE')).toBe(3);
    expect(await store.get('NOPE')).toBeUndefined();
    expect(await store.has('NOPE')).toBe(false);
    expect(await store.getSize('NOPE')).toBeUndefined();
    expect(await store.query()).toEqual(['CIQABCDE', 'CIQXYZDE']);
    expect(await store.query({ prefix: 'CIQA' })).toEqual(['CIQABCDE']);
    await store.delete('CIQABCDE');
    await store.delete('CIQABCDE'); // missing is fine
    expect(await store.get('CIQABCDE')).toBeUndefined();
    expect(await store.query()).toEqual(['CIQXYZDE']);
  });

  it('stores each key in <shard>/<key>.data and overwrites in place', async () => {
    await store.put('ABCDEF', 'one');
    await store.put('ABCDEF', 'two!');
    // The value, then its 4-byte checksum.
    const file = await site.fs.readFile(join(site.root, 'DE', 'ABCDEF.data'));
    expect(text(file.subarray(0, file.length - VALUE_TRAILER_BYTES))).toBe('two!');
    expect(text(decodeValue('DE/ABCDEF.data', file))).toBe('two!');
    expect(await site.fs.readdir(join(site.root, '.temp'))).toEqual([]);
  });

  it('rejects invalid keys with a clear, typed error', async () => {
    for (const key of ['', 'lower', 'A/B', '../X', 'A.B', 'K'.repeat(201)]) {
      const error: unknown = await store.put(key, 'x').then(
        () => null,
        (e: unknown) => e,
      );
      expect(isInvalidKeyError(error), `key ${JSON.stringify(key)}`).toBe(true);
      expect(isFlatStoreError(error)).toBe(true);
      expect(String(error)).toMatch(/invalid key/);
    }
    await expect(store.get('a')).rejects.toMatchObject({ code: 'FLATFS_INVALID_KEY' });
  });

  it('serializes overlapping writes of one key: the first to succeed wins', async () => {
    await Promise.all([store.put('SAMEKEY', 'first'), store.put('SAMEKEY', 'second'), store.delete('SAMEKEY')]);
    expect(text(await store.get('SAMEKEY'))).toBe('first');
    // Not overlapping: the later write applies.
    await store.delete('SAMEKEY');
    expect(await store.has('SAMEKEY')).toBe(false);
  });

  it('reopens with the recorded shard function and rejects another', async () => {
    await store.put('ABCDEF', 'v');
    const reopened = await openFlatStore(site.fs, site.root);
    expect(reopened.shard).toBe('next-to-last/2');
    expect(text(await reopened.get('ABCDEF'))).toBe('v');
    const mismatch: unknown = await openFlatStore(site.fs, site.root, { shard: 'prefix/2' }).catch((e: unknown) => e);
    expect(isShardingMismatchError(mismatch)).toBe(true);
    expect(String(mismatch)).toContain("sharded by 'next-to-last/2'");
    await expect(createFlatStore(site.fs, site.root, { shard: 'suffix/3' })).rejects.toMatchObject({ code: 'FLATFS_SHARDING_MISMATCH' });
  });

  it('refuses to open a root without SHARDING, or with a broken one', async () => {
    await expect(openFlatStore(site.fs, join(site.root, 'elsewhere'))).rejects.toMatchObject({ code: 'FLATFS_SHARDING_MISSING' });
    // Neither go-ds-flatfs's line nor a checksummed one: damage, or no SHARDING file at all.
    await site.fs.writeFile(join(site.root, 'SHARDING'), 'garbage');
    await expect(openFlatStore(site.fs, site.root)).rejects.toMatchObject({ code: 'FLATFS_CORRUPT' });
    // Intact (its checksum holds) but naming a function this version does not know.
    const line = '/repo/flatfs/shard/v1/middle/3\n';
    await site.fs.writeFile(join(site.root, 'SHARDING'), `${line}crc32 ${crc32(new TextEncoder().encode(line)).toString(16).padStart(8, '0')}\n`);
    await expect(openFlatStore(site.fs, site.root)).rejects.toMatchObject({ code: 'FLATFS_SHARDING_INVALID' });
  });

  it('empties .temp on open, files and batch directories alike', async () => {
    const temp = join(site.root, '.temp');
    await site.fs.writeFile(join(temp, 'put-i0-7'), 'partial');
    await site.fs.mkdir(join(temp, 'batch-i0-3'));
    await site.fs.writeFile(join(temp, 'batch-i0-3', 'put-i0-4'), 'partial');
    await openFlatStore(site.fs, site.root);
    expect(await site.fs.readdir(temp)).toEqual([]);
  });

  it('rejects every call once closed', async () => {
    await store.close();
    await expect(store.put('ABC', 'x')).rejects.toMatchObject({ code: 'FLATFS_CLOSED' });
    await expect(store.get('ABC')).rejects.toMatchObject({ code: 'FLATFS_CLOSED' });
    expect(() => store.batch()).toThrow(/closed/);
  });

  it('rejects bad options by name', async () => {
    await expect(createFlatStore(site.fs, site.root, { shard: 'middle/2' })).rejects.toMatchObject({ code: 'FLATFS_INVALID_OPTIONS' });
    await expect(createFlatStore(site.fs, site.root, { nonce: 'Not Ok' })).rejects.toThrow(/nonce/);
  });
});

describe('FlatStore syncs (MemFs, instrumented)', () => {
  it('a single put syncs its file, its shard directory, and the root only for a new shard', async () => {
    const site = await MEM_BACKEND.makeSite();
    const disk = new InstrumentedFs(site.fs);
    const store = await createFlatStore(disk.fs, site.root);
    disk.calls.length = 0;
    await store.put('ABCDEF', 'v');
    const syncs = disk.callsOf('sync ');
    expect(syncs).toHaveLength(3);
    expect(syncs[0]).toBe(`sync ${site.root}`); // the new shard directory DE
    expect(syncs[1]).toMatch(/^sync .*\/\.temp\/put-/);
    expect(syncs[2]).toBe(`sync ${join(site.root, 'DE')}`);
    disk.calls.length = 0;
    await store.put('XYZDEF', 'w'); // same shard, already durable
    expect(disk.callsOf('sync ')).toHaveLength(2);
  });

  it('writes nothing durable with sync off', async () => {
    const site = await MEM_BACKEND.makeSite();
    const disk = new InstrumentedFs(site.fs);
    const store = await createFlatStore(disk.fs, site.root, { sync: false });
    await store.put('ABCDEF', 'v');
    await store.delete('ABCDEF');
    expect(disk.callsOf('sync ')).toEqual([]);
  });

  it('derives distinct temp names per instance on one disk, deterministically', async () => {
    const site = await MEM_BACKEND.makeSite();
    const disk = new InstrumentedFs(site.fs);
    const first = await createFlatStore(disk.fs, join(site.root, 'a'));
    const second = await createFlatStore(disk.fs, join(site.root, 'b'));
    await first.put('K', 'x');
    await second.put('K', 'x');
    const temps = disk.callsOf('open:wx').map((call) => call.replace(/^.*\//, ''));
    expect(temps).toEqual(['sharding-i0-0', 'sharding-i1-0', 'put-i0-1', 'put-i1-1']);
  });
});
