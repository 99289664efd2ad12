import { describe, expect, it } from 'vitest';
import { SimFs } from '../../../sim/disk/index.js';
import type { DiskImage } from '../../../sim/disk/index.js';
import type { FileHandle } from '../../../src/fs/types.js';
import { at, bytes, crashImages, diskWithDurableDir, fileText, syncPath, writeSynced } from './helpers.js';

/** One test per rule of the durability model (DESIGN.md section 3), on exhaustive crash states. */

const names = (image: DiskImage, dir: string): string[] => {
  const node = at(image, dir);
  return node !== undefined && node.kind === 'dir' ? Object.keys(node.entries).sort() : [];
};

describe('names', () => {
  it('a synced file in an unsynced directory may lose its name; after the directory sync it never does', async () => {
    const fs = await diskWithDurableDir();
    await writeSynced(fs, '/d/f', 'data');
    const before = crashImages(fs);
    expect(before.some((image) => at(image, '/d/f') === undefined)).toBe(true);
    expect(before.some((image) => fileText(image, '/d/f') === 'data')).toBe(true);
    await syncPath(fs, '/d');
    const after = crashImages(fs);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((image) => fileText(image, '/d/f') === 'data')).toBe(true);
  });

  it('fsync of a file, however often, never persists its name', async () => {
    const fs = await diskWithDurableDir();
    const createStep = fs.trace.count;
    const handle = await fs.open('/d/f', 'wx');
    await handle.write(bytes('x'));
    await handle.sync();
    await handle.datasync();
    await handle.sync();
    await handle.close();
    expect(crashImages(fs).some((image) => at(image, '/d/f') === undefined)).toBe(true);
    expect(fs.pendingOperations()).toEqual([`s${createStep} create /d/f`]);
  });

  it('a new directory is durable only once its parent is synced, and its entries are unreachable before', async () => {
    const fs = await diskWithDurableDir();
    await fs.mkdir('/d/n');
    await writeSynced(fs, '/d/n/f', 'inner');
    await syncPath(fs, '/d/n');
    const before = crashImages(fs);
    expect(before.some((image) => at(image, '/d/n') === undefined)).toBe(true);
    expect(before.every((image) => at(image, '/d/n') !== undefined || names(image, '/d').length === 0)).toBe(true);
    await syncPath(fs, '/d');
    const after = crashImages(fs);
    expect(after.every((image) => fileText(image, '/d/n/f') === 'inner')).toBe(true);
  });

  it('an unsynced unlink may be undone by a crash (the name comes back) until the directory is synced', async () => {
    const fs = await diskWithDurableDir();
    await writeSynced(fs, '/d/f', 'old');
    await syncPath(fs, '/d');
    await fs.unlink('/d/f');
    expect(crashImages(fs).map((image) => fileText(image, '/d/f')).sort()).toEqual(['old', undefined]);
    await syncPath(fs, '/d');
    expect(crashImages(fs).map((image) => fileText(image, '/d/f'))).toEqual([undefined]);
  });

  it('a rename is atomic: a synced file has exactly one of its two names in every state', async () => {
    const fs = await diskWithDurableDir();
    await writeSynced(fs, '/d/tmp', 'new');
    await writeSynced(fs, '/d/final', 'old');
    await syncPath(fs, '/d'); // both creates durable: only the rename is pending
    await fs.rename('/d/tmp', '/d/final');
    const images = crashImages(fs);
    const seen = images.map((image) => `${fileText(image, '/d/tmp') ?? '-'}|${fileText(image, '/d/final') ?? '-'}`).sort();
    expect(seen).toEqual(['-|new', 'new|old']);
  });

  it('renames reorder: each of two renames persists without the other in some state', async () => {
    const fs = await diskWithDurableDir();
    await writeSynced(fs, '/d/a', 'A');
    await writeSynced(fs, '/d/b', 'B');
    await syncPath(fs, '/d');
    await fs.rename('/d/a', '/d/a2');
    await fs.rename('/d/b', '/d/b2');
    const listings = crashImages(fs).map((image) => names(image, '/d').join(','));
    expect(listings).toContain('a2,b');
    expect(listings).toContain('a,b2');
    expect(listings).toHaveLength(4);
  });

  it('a directory sync persists a rename across directories as a whole, with earlier operations on its names', async () => {
    const fs = await diskWithDurableDir();
    await fs.mkdir('/e');
    await syncPath(fs, '/');
    await writeSynced(fs, '/d/x', 'x');
    await fs.rename('/d/x', '/e/x');
    await syncPath(fs, '/e');
    // The create of /d/x shares the entry /d/x with the rename, so it persisted before it.
    expect(fs.pendingOperations()).toEqual([]);
    const images = crashImages(fs);
    expect(images.map((image) => `${names(image, '/d').join(',')}|${names(image, '/e').join(',')}`)).toEqual(['|x']);
  });
});

/** A disk holding `/d/f` with `content`, all of it durable, and a handle on it for writing. */
async function durableFileOpen(content: string, sectorSizeBytes: number): Promise<{ fs: SimFs; handle: FileHandle }> {
  const fs = await diskWithDurableDir({ sectorSizeBytes });
  await writeSynced(fs, '/d/f', content);
  await syncPath(fs, '/d');
  return { fs, handle: await fs.open('/d/f', 'r+') };
}

describe('data', () => {
  const sectorSizeBytes = 4;

  it('an unsynced overwrite is dropped in some states, torn in some, kept in some', async () => {
    const { fs, handle } = await durableFileOpen('aaaaaaaa', sectorSizeBytes);
    await handle.write(bytes('bbbbbbbb'), 0, 8, 0);
    const contents = crashImages(fs).map((image) => fileText(image, '/d/f')).sort();
    expect(contents).toEqual(['aaaaaaaa', 'aaaabbbb', 'bbbbaaaa', 'bbbbbbbb']);
  });

  it('tearing follows absolute sector boundaries', async () => {
    const { fs, handle } = await durableFileOpen('aaaaaaaa', sectorSizeBytes);
    await handle.write(bytes('bbbb'), 0, 4, 2); // bytes [2, 6): sectors 0 and 1
    const contents = crashImages(fs).map((image) => fileText(image, '/d/f')).sort();
    expect(contents).toEqual(['aaaaaaaa', 'aaaabbaa', 'aabbaaaa', 'aabbbbaa']);
  });

  it('an extending write may persist its size only, with zeros or with garbage', async () => {
    const { fs, handle } = await durableFileOpen('', sectorSizeBytes);
    await handle.write(bytes('cc'));
    const contents = crashImages(fs).map((image) => at(image, '/d/f'));
    const datas = contents.map((node) => (node !== undefined && node.kind === 'file' ? Array.from(node.data) : null));
    expect(datas).toContainEqual([]);
    expect(datas).toContainEqual([99, 99]);
    expect(datas).toContainEqual([0, 0]);
    expect(datas.some((data) => data !== null && data.length === 2 && data.some((b) => b !== 0 && b !== 99))).toBe(true);
    expect(datas).toHaveLength(4);
  });

  it('a later write can survive while an earlier one does not', async () => {
    const fs = await diskWithDurableDir({ sectorSizeBytes });
    await writeSynced(fs, '/d/f', 'aaaa');
    await writeSynced(fs, '/d/g', 'aaaa');
    await syncPath(fs, '/d');
    await fs.writeFile('/d/f', 'FFFF', { flag: 'r+' });
    await fs.writeFile('/d/g', 'GGGG', { flag: 'r+' });
    const pairs = crashImages(fs).map((image) => `${fileText(image, '/d/f')}|${fileText(image, '/d/g')}`);
    expect(pairs).toContain('aaaa|GGGG');
  });

  it('fsync makes the data durable: after it, every state has it', async () => {
    const { fs, handle } = await durableFileOpen('aaaa', sectorSizeBytes);
    await handle.write(bytes('bbbbbbbb'), 0, 8, 0);
    await handle.truncate(6);
    expect(crashImages(fs).length).toBeGreaterThan(1);
    await handle.sync();
    expect(crashImages(fs).map((image) => fileText(image, '/d/f'))).toEqual(['bbbbbb']);
  });

  it('an unsynced truncate is kept or dropped', async () => {
    const { fs, handle } = await durableFileOpen('abcdefgh', sectorSizeBytes);
    await handle.truncate(3);
    expect(crashImages(fs).map((image) => fileText(image, '/d/f')).sort()).toEqual(['abc', 'abcdefgh']);
  });
});

describe('profiles and identity', () => {
  async function busyDisk(): Promise<SimFs> {
    const fs = await diskWithDurableDir({ sectorSizeBytes: 4 });
    await writeSynced(fs, '/d/final', 'old!');
    await syncPath(fs, '/d');
    await fs.mkdir('/d/n');
    const handle = await fs.open('/d/tmp', 'wx');
    await handle.write(bytes('new-data'));
    await handle.close();
    await fs.rename('/d/tmp', '/d/final');
    await fs.writeFile('/d/n/x', 'xx');
    return fs;
  }

  it('process keeps everything: one state, equal to what was visible', async () => {
    const fs = await busyDisk();
    const { states, truncated } = fs.crashStates({ profile: 'process' });
    expect(truncated).toBe(false);
    expect(states.map((state) => state.imageDigest())).toEqual([fs.imageDigest()]);
    expect(fs.crashClone({ profile: 'process', seed: 5 }).imageDigest()).toBe(fs.imageDigest());
  });

  it('a crash with nothing pending is the identity', async () => {
    const fs = await busyDisk();
    await syncPath(fs, '/d/final');
    await syncPath(fs, '/d/n/x');
    await syncPath(fs, '/d/n');
    await syncPath(fs, '/d');
    expect(fs.pendingOperations()).toEqual([]);
    for (const profile of ['posix', 'ext4-ordered', 'process'] as const) {
      expect(fs.crashStates({ profile }).states.map((state) => state.imageDigest())).toEqual([fs.imageDigest()]);
      expect(fs.crashClone({ profile, seed: 3 }).imageDigest()).toBe(fs.imageDigest());
    }
    const next = fs.crash({ seed: 9 });
    expect(next.toImage()).toEqual(fs.toImage());
    expect(next.pendingOperations()).toEqual([]);
  });

  it('a post-crash disk has nothing pending: crashing it again is the identity', async () => {
    const fs = await busyDisk();
    for (const state of fs.crashStates().states) {
      expect(state.pendingOperations()).toEqual([]);
      expect(state.crashStates().states.map((again) => again.imageDigest())).toEqual([state.imageDigest()]);
    }
  });

  it('ext4-ordered: a file renamed over another always has its complete data once the rename persisted', async () => {
    const fs = await busyDisk();
    const ext4 = crashImages(fs, 'ext4-ordered').map((image) => fileText(image, '/d/final'));
    expect(new Set(ext4)).toEqual(new Set(['old!', 'new-data']));
    // posix has no such ordering: the rename can persist ahead of the data (this is what ext4 rules out).
    const posix = crashImages(fs, 'posix').map((image) => fileText(image, '/d/final'));
    expect(posix.some((content) => content !== 'old!' && content !== 'new-data')).toBe(true);
  });

  it('ext4-ordered: name operations persist as a prefix of their order', async () => {
    const fs = await diskWithDurableDir();
    await writeSynced(fs, '/d/a', 'A');
    await writeSynced(fs, '/d/b', 'B');
    await syncPath(fs, '/d');
    await fs.rename('/d/a', '/d/a2');
    await fs.rename('/d/b', '/d/b2');
    const listings = crashImages(fs, 'ext4-ordered').map((image) => names(image, '/d').join(','));
    expect(listings.sort()).toEqual(['a,b', 'a2,b', 'a2,b2']);
  });
});

describe('what a write hands over', () => {
  it("keeps the written bytes, not the caller's memory: a Buffer reused after the call changes no crash state", async () => {
    // Node's Buffer#slice is a view: a pending write copied with it would follow the caller's
    // later changes into every post-crash state.
    const fs = await diskWithDurableDir();
    const buffer = Buffer.from('first contents');
    const handle = await fs.open('/d/f', 'w');
    await handle.write(buffer, 0, buffer.length, 0);
    buffer.fill(0x41);
    await fs.writeFile('/d/g', buffer.subarray(0, 5));
    buffer.fill(0x42);
    await handle.close();
    const images = crashImages(fs, 'process');
    expect(images.map((image) => [fileText(image, '/d/f'), fileText(image, '/d/g')])).toEqual([['first contents', 'AAAAA']]);
    expect(crashImages(fs).some((image) => fileText(image, '/d/f') === 'first contents')).toBe(true);
    expect(crashImages(fs).every((image) => !(fileText(image, '/d/f') ?? '').includes('B'))).toBe(true);
  });
});
