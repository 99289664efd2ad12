import { describe, expect, it } from 'vitest';
import { SimFs } from '../../../sim/disk/index.js';
import type { CrashProfile } from '../../../sim/disk/index.js';
import { StableHash } from '../../../sim/trace.js';
import { VisibleTreeKeys } from '../../../sim/disk/distinct-states.js';
import { ByteBuffer } from '../../../sim/disk/bytes.js';
import { DiskState } from '../../../sim/disk/disk-state.js';
import { fromImage } from '../../../sim/disk/image.js';
import type { DiskImage } from '../../../sim/disk/index.js';

/**
 * Which states exhaustive exploration lists, and in which order, is part of a run's behaviour (a
 * runner checks them in turn): pinned here as one hash over every state's digest and crash story.
 */

function fingerprint(fs: SimFs, profile: CrashProfile, maxStates: number): [number, boolean, string] {
  const { states, truncated } = fs.crashStates({ profile, maxStates, explain: true });
  const hash = new StableHash();
  for (const state of states) hash.update(state.imageDigest()).update(state.crashStory.join('\n'));
  return [states.length, truncated, hash.digest()];
}

async function syncDir(fs: SimFs, path: string): Promise<void> {
  const handle = await fs.open(path, 'r');
  await handle.sync();
  await handle.close();
}

/** Torn, size-only and truncated writes, renames, a hard link, an unlink and a new directory, all pending. */
async function busyDisk(): Promise<SimFs> {
  const fs = new SimFs({ sectorSizeBytes: 256 });
  await fs.mkdir('/d');
  await syncDir(fs, '/');
  const data = new Uint8Array(700).map((_, i) => i & 0xff);
  for (let i = 0; i < 4; i++) {
    const handle = await fs.open(`/d/tmp-${i}`, 'wx');
    await handle.write(data, 0, data.length - i * 100, i * 50);
    if (i % 2 === 0) await handle.sync();
    if (i === 1) await handle.truncate(300);
    await handle.close();
    await fs.rename(`/d/tmp-${i}`, `/d/f${i}`);
  }
  await fs.link('/d/f2', '/d/f2-link');
  await fs.unlink('/d/f0');
  await fs.mkdir('/d/sub');
  await fs.writeFile('/d/sub/x', 'hello');
  return fs;
}

/** Few enough states to list them all: an overwrite past the end, a rename over it, a twin file. */
async function smallDisk(): Promise<SimFs> {
  const fs = new SimFs({ sectorSizeBytes: 256 });
  await fs.mkdir('/d');
  await syncDir(fs, '/');
  await fs.writeFile('/d/a', new Uint8Array(600).fill(1));
  await syncDir(fs, '/d');
  const a = await fs.open('/d/a', 'r+');
  await a.sync();
  await a.write(new Uint8Array(700).fill(2), 0, 700, 100);
  await a.close();
  await fs.writeFile('/d/b.tmp', new Uint8Array(300).fill(3));
  await fs.rename('/d/b.tmp', '/d/a');
  await fs.writeFile('/d/c', new Uint8Array(600).fill(1));
  return fs;
}

describe('exhaustive exploration lists the same states in the same order', () => {
  it('on a disk with every kind of pending operation, cut at maxStates', async () => {
    const fs = await busyDisk();
    expect(fingerprint(fs, 'posix', 400)).toEqual([400, true, 'c512ee0817dade4a']);
    expect(fingerprint(fs, 'ext4-ordered', 400)).toEqual([150, false, '388d3168eda34969']);
    expect(fingerprint(fs, 'process', 400)).toEqual([1, false, 'ce60f42583421d08']);
  });

  it('on a small disk, listed in full', async () => {
    const fs = await smallDisk();
    expect(fingerprint(fs, 'posix', 100_000)).toEqual([4573, false, '2255d57943ff9eb2']);
    expect(fingerprint(fs, 'ext4-ordered', 100_000)).toEqual([53, false, 'a4301661229e805a']);
  });
});

describe('visible tree keys', () => {
  const file = (bytes: number[]): DiskImage => ({ kind: 'file', data: new Uint8Array(bytes) });
  const dir = (entries: Record<string, DiskImage>): DiskImage => ({ kind: 'dir', entries });

  it('are equal exactly when the visible trees are', () => {
    const keys = new VisibleTreeKeys();
    const key = (image: DiskImage): string => keys.keyOf(fromImage(image));
    const base = key(dir({ a: file([1, 2]), d: dir({ b: file([]) }) }));
    expect(key(dir({ d: dir({ b: file([]) }), a: file([1, 2]) }))).toBe(base);
    for (const other of [
      dir({ a: file([1, 3]), d: dir({ b: file([]) }) }),
      dir({ a: file([1, 2, 0]), d: dir({ b: file([]) }) }),
      dir({ a: file([1, 2]), d: dir({ c: file([]) }) }),
      dir({ a: file([1, 2]), d: dir({ b: dir({}) }) }),
      dir({ a: file([1, 2]), d: dir({}), b: file([]) }),
      dir({ a: file([1, 2]) }),
    ]) {
      expect(key(other)).not.toBe(base);
    }
  });

  it('see two names of one file as two files with its contents', () => {
    const linked = new DiskState();
    const shared = linked.newFile(new ByteBuffer(new Uint8Array([5, 6])));
    linked.root.entries.set('a', shared);
    linked.root.entries.set('b', shared);
    const keys = new VisibleTreeKeys();
    expect(keys.keyOf(linked)).toBe(keys.keyOf(fromImage(dir({ a: file([5, 6]), b: file([5, 6]) }))));
    expect(keys.keyOf(linked)).not.toBe(keys.keyOf(fromImage(dir({ a: file([5, 6]), b: file([5, 7]) }))));
  });
});
