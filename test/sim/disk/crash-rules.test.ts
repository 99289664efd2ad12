import { describe, expect, it } from 'vitest';
import { SimFs } from '../../../sim/disk/index.js';
import type { CrashProfile } from '../../../sim/disk/index.js';
import { FaultInjector, parseFaultSpec } from '../../../sim/faults/index.js';
import { RngStreams } from '../../../sim/rng.js';
import { bytes, codeOf, crashImages, diskWithDurableDir, fileText, syncPath, writeSynced } from './helpers.js';

/**
 * One focused script per crash rule of the disk model (the litmus suite under test/litmus holds
 * the exact state sets with their sources). Sectors are 4 bytes so contents read as sectors.
 */

const sectorSizeBytes = 4;

/** The distinct contents of `path` over every state (undefined: absent), sorted. */
function contentsOf(fs: SimFs, path: string, profile: CrashProfile = 'posix'): Array<string | undefined> {
  return [...new Set(crashImages(fs, profile).map((image) => fileText(image, path)))].sort();
}

/** `/d/f` durably holding `content`, open for writing. */
async function durableFile(content: string, options: ConstructorParameters<typeof SimFs>[0] = { sectorSizeBytes }) {
  const fs = await diskWithDurableDir(options);
  await writeSynced(fs, '/d/f', content);
  await syncPath(fs, '/d');
  return { fs, handle: await fs.open('/d/f', 'r+') };
}

describe('posix data rules', () => {
  it('a torn write keeps any subset of its sectors, not only a prefix or a suffix', async () => {
    const { fs, handle } = await durableFile('aaaabbbbcccc');
    await handle.write(bytes('XXXXYYYYZZZZ'), 0, 12, 0);
    const contents = contentsOf(fs, '/d/f');
    expect(contents).toHaveLength(8);
    expect(contents).toContain('XXXXbbbbZZZZ');
    expect(contents).toContain('aaaaYYYYcccc');
  });

  it('an extending write may persist a size past the sectors it wrote: the others read as zeros', async () => {
    const { fs, handle } = await durableFile('');
    await handle.write(bytes('aaaabbbb'), 0, 8, 0);
    const contents = contentsOf(fs, '/d/f');
    expect(contents).toEqual(expect.arrayContaining(['', 'aaaa', 'aaaa\0\0\0\0', '\0\0\0\0', '\0\0\0\0bbbb', '\0\0\0\0\0\0\0\0', 'aaaabbbb']));
  });

  it('a sector holds a version the page cache held: a later write into it never survives without an earlier one', async () => {
    const { fs, handle } = await durableFile('....');
    await handle.write(bytes('ab'), 0, 2, 0);
    await handle.write(bytes('cd'), 0, 2, 2);
    expect(contentsOf(fs, '/d/f')).toEqual(['....', 'ab..', 'abcd']);
    for (let seed = 0; seed < 200; seed++) {
      expect(fileText(fs.crashClone({ seed }).toImage(), '/d/f')).not.toBe('..cd');
    }
  });

  it('a dropped truncate leaves the sectors it zeroed as a later kept write found them only if it kept them', async () => {
    const { fs, handle } = await durableFile('aaaabbbb');
    await handle.truncate(2);
    await handle.write(bytes('cc'), 0, 2, 4);
    // Sector 1 after the write is "\0\0cc" (the truncate zeroed it first): never "bbcc".
    expect(contentsOf(fs, '/d/f').filter((content) => content?.includes('cc'))).not.toContain('aaaabbcc');
  });
});

describe('posix name rules: a synced file never detaches', () => {
  it('renames that move a directory under its former child never lose the synced file inside', async () => {
    const fs = new SimFs({ sectorSizeBytes });
    await fs.mkdir('/p');
    await fs.mkdir('/p/c');
    await writeSynced(fs, '/p/c/f', 'data');
    for (const dir of ['/p/c', '/p', '/']) await syncPath(fs, dir);
    await fs.rename('/p/c', '/c');
    await fs.rename('/p', '/c/p');
    for (const image of crashImages(fs)) {
      const where = ['/p/c/f', '/c/f'].filter((path) => fileText(image, path) === 'data');
      expect(where).toHaveLength(1);
    }
  });

  it('a rename into a directory whose creation was lost is lost with it', async () => {
    const fs = await diskWithDurableDir({ sectorSizeBytes });
    await writeSynced(fs, '/d/f', 'data');
    await syncPath(fs, '/d');
    await fs.mkdir('/n');
    await fs.rename('/d/f', '/n/f');
    for (const image of crashImages(fs)) {
      expect([fileText(image, '/d/f'), fileText(image, '/n/f')].filter((content) => content === 'data')).toHaveLength(1);
    }
  });
});

describe('ext4-ordered rules', () => {
  it('an fsync of a file commits the journal: every earlier name operation persists', async () => {
    const fs = await diskWithDurableDir({ sectorSizeBytes });
    await (await fs.open('/d/a', 'w')).close();
    await writeSynced(fs, '/d/f', 'data');
    for (const image of crashImages(fs, 'ext4-ordered')) {
      expect(fileText(image, '/d/a')).toBe('');
      expect(fileText(image, '/d/f')).toBe('data');
    }
    expect(contentsOf(fs, '/d/f', 'posix')).toContain(undefined);
  });

  it('an fsync of a file with nothing new in the running transaction commits nothing', async () => {
    const fs = await diskWithDurableDir({ sectorSizeBytes });
    await writeSynced(fs, '/d/f', 'data');
    await syncPath(fs, '/d');
    await (await fs.open('/d/a', 'w')).close();
    await syncPath(fs, '/d/f');
    expect(contentsOf(fs, '/d/a', 'ext4-ordered')).toEqual(['', undefined]);
  });

  it('a directory fsync commits every earlier name operation, in any directory', async () => {
    const fs = await diskWithDurableDir({ sectorSizeBytes });
    await fs.mkdir('/e');
    await syncPath(fs, '/');
    await (await fs.open('/e/x', 'w')).close();
    await (await fs.open('/d/y', 'w')).close();
    await syncPath(fs, '/d');
    expect(contentsOf(fs, '/e/x', 'ext4-ordered')).toEqual(['']);
    expect(contentsOf(fs, '/e/x', 'posix')).toEqual(['', undefined]);
  });

  it('data=ordered never exposes stale bytes or zeros past the old size: the new part is a prefix', async () => {
    const { fs, handle } = await durableFile('');
    await handle.write(bytes('aaaabbbb'), 0, 8, 0);
    expect(contentsOf(fs, '/d/f', 'ext4-ordered')).toEqual(['', 'aaaa', 'aaaabbbb']);
  });

  it('an overwrite of allocated blocks is not ordered before a later journal commit', async () => {
    const { fs, handle } = await durableFile('aaaa');
    await handle.write(bytes('bbbb'), 0, 4, 0);
    await writeSynced(fs, '/d/g', 'g');
    expect(contentsOf(fs, '/d/f', 'ext4-ordered')).toEqual(['aaaa', 'bbbb']);
  });

  it('a new file renamed to a fresh name without fsync may survive empty; renamed over a file, never', async () => {
    const fs = await diskWithDurableDir({ sectorSizeBytes });
    await writeSynced(fs, '/d/old', 'old!');
    await syncPath(fs, '/d');
    for (const target of ['/d/fresh', '/d/old']) {
      await fs.writeFile('/d/tmp', 'new-data');
      await fs.rename('/d/tmp', target);
    }
    await syncPath(fs, '/d');
    expect(contentsOf(fs, '/d/fresh', 'ext4-ordered')).toContain('');
    expect(contentsOf(fs, '/d/old', 'ext4-ordered')).toEqual(['new-data']);
  });
});

describe('failed fsync rules', () => {
  function faultyDisk(spec: string): SimFs {
    const injector = new FaultInjector(parseFaultSpec(spec), new RngStreams(1).stream('faults'));
    const fs = new SimFs({ sectorSizeBytes, faults: injector });
    injector.active = true;
    return fs;
  }

  /** A durable 'aaaaaaaa'; 'XXXX' written over sector 0 and lost to a failed fsync; then `rewrite` and a sync. */
  async function afterLostWrite(rewrite: (handle: Awaited<ReturnType<SimFs['open']>>) => Promise<void>): Promise<SimFs> {
    const fs = faultyDisk('eio-sync:pathIs(/f)&onIndex(1)');
    const handle = await fs.open('/f', 'w');
    await handle.write(bytes('aaaaaaaa'));
    await handle.sync();
    await syncPath(fs, '/');
    await handle.write(bytes('XXXX'), 0, 4, 0);
    expect(await codeOf(handle.sync())).toBe('EIO');
    await rewrite(handle);
    await handle.sync();
    return fs;
  }

  it('the state after a later sync does not depend on how many bytes were written since', async () => {
    const small = await afterLostWrite(async (handle) => void (await handle.write(bytes('YY'), 0, 2, 4)));
    const large = await afterLostWrite(async (handle) => {
      for (let i = 0; i < 5; i++) await handle.write(bytes('YY'), 0, 2, 4); // more bytes than the file holds
    });
    expect(contentsOf(small, '/f')).toEqual(['aaaaYYaa']);
    expect(contentsOf(large, '/f')).toEqual(['aaaaYYaa']);
  });

  it('a process crash keeps what the page cache holds after a failed fsync; a power loss does not', async () => {
    const fs = await afterLostWrite(async () => undefined);
    expect(contentsOf(fs, '/f', 'process')).toEqual(['XXXXaaaa']);
    expect(contentsOf(fs, '/f', 'posix')).toEqual(['aaaaaaaa']);
  });
});

describe('bounds', () => {
  it('a write over many sectors lists its shapes and seeded subsets, says so, and random draws reach beyond them', async () => {
    const { fs, handle } = await durableFile('.'.repeat(12), { sectorSizeBytes: 1 });
    await handle.write(bytes('X'.repeat(12)), 0, 12, 0);
    const { states, truncated } = fs.crashStates();
    expect(truncated).toBe(true);
    const listed = new Set(states.map((state) => fileText(state.toImage(), '/d/f')));
    for (let kept = 1; kept < 12; kept++) {
      expect(listed).toContain('X'.repeat(kept) + '.'.repeat(12 - kept));
      expect(listed).toContain('.'.repeat(12 - kept) + 'X'.repeat(kept));
    }
    const drawn = Array.from({ length: 60 }, (_, seed) => fileText(fs.crashClone({ seed }).toImage(), '/d/f'));
    expect(drawn.some((content) => !listed.has(content))).toBe(true);
  });
});
