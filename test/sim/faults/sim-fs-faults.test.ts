import { describe, expect, it } from 'vitest';
import { SimFs } from '../../../sim/disk/index.js';
import type { CrashProfile } from '../../../sim/disk/index.js';
import { FaultInjector, applyBitflips, parseFaultSpec } from '../../../sim/faults/index.js';
import { RngStreams } from '../../../sim/rng.js';
import { bytes, codeOf, fileText, syncPath, text } from '../disk/helpers.js';

/** Each fault's semantics on the simulated disk, one small script each. */

function faultyDisk(spec: string, seed = 1): { fs: SimFs; injector: FaultInjector } {
  const injector = new FaultInjector(parseFaultSpec(spec), new RngStreams(seed).stream('faults'));
  const fs = new SimFs({ faults: injector });
  injector.active = true;
  return { fs, injector };
}


/** Every state a crash may leave, as the text at `path` (undefined: absent). */
function afterCrash(fs: SimFs, path: string, profile: CrashProfile = 'posix'): Array<string | undefined> {
  return [...new Set(fs.crashStates({ profile }).states.map((state) => fileText(state.toImage(), path)))];
}

describe('eio-sync: Linux writeback-error semantics ("fsyncgate")', () => {
  it('write, sync fails, the data stays visible, a retried sync succeeds, and a power loss still loses it', async () => {
    const { fs, injector } = faultyDisk('eio-sync:pathMatch(/f)&onIndex(1)');
    const handle = await fs.open('/f', 'w');
    await handle.write(bytes('old'));
    await handle.sync(); // onIndex(0): succeeds, "old" is durable
    await syncPath(fs, '/');
    await handle.write(bytes('NEW'), 0, 3, 0);
    expect(await codeOf(handle.sync())).toBe('EIO');
    expect(text(await fs.readFile('/f'))).toBe('NEW'); // the page cache still shows it
    await handle.sync(); // the retry succeeds: nothing is dirty any more
    expect(fs.pendingOperations()).toEqual([]);
    for (const profile of ['posix', 'ext4-ordered'] as const) {
      expect(afterCrash(fs, '/f', profile)).toEqual(['old']);
    }
    // A process crash leaves the page cache alone: the clean, unwritten pages still hold the data.
    expect(afterCrash(fs, '/f', 'process')).toEqual(['NEW']);
    expect(injector.injected).toEqual([expect.objectContaining({ fault: 'eio-sync', call: 'sync', path: '/f' })]);
  });

  it('a new file whose only sync failed comes back empty, whatever a later sync says', async () => {
    const { fs } = faultyDisk('eio-sync:pathMatch(.tmp)&onIndex(0)');
    const handle = await fs.open('/.tmp-1', 'wx');
    await handle.write(bytes('payload'));
    expect(await codeOf(handle.datasync())).toBe('EIO');
    await handle.datasync();
    await handle.close();
    await fs.rename('/.tmp-1', '/blob');
    await syncPath(fs, '/');
    expect(text(await fs.readFile('/blob'))).toBe('payload');
    expect(afterCrash(fs, '/blob')).toEqual(['']);
  });

  it('data written after the failure is made durable by the next sync, with the clean bytes of its sector', async () => {
    const { fs } = faultyDisk('eio-sync:pathMatch(/f)&onIndex(0)');
    const handle = await fs.open('/f', 'w');
    await syncPath(fs, '/');
    await handle.write(bytes('aaaa'));
    expect(await codeOf(handle.sync())).toBe('EIO');
    await handle.write(bytes('bb'), 0, 2, 4);
    await handle.sync();
    // The sync writes the sector the new write dirtied whole, as the page cache holds it: the
    // clean bytes the failed sync left in that sector go with it.
    expect(afterCrash(fs, '/f')).toEqual(['aaaabb']);
  });

  it('a failed directory sync persists nothing: its name operations stay pending', async () => {
    const { fs } = faultyDisk('eio-sync:pathMatch(/d)&!pathMatch(/d/)');
    await fs.mkdir('/d');
    await syncPath(fs, '/');
    const file = await fs.open('/d/x', 'w');
    await file.sync();
    await file.close();
    const dir = await fs.open('/d', 'r');
    expect(await codeOf(dir.sync())).toBe('EIO');
    expect(fs.pendingOperations().some((line) => line.includes('create'))).toBe(true);
  });
});

describe('enospc: a capacity for visible file data', () => {
  it('write, growing truncate and writeFile beyond capacity fail and change nothing', async () => {
    const { fs, injector } = faultyDisk('enospc:capacity(10)');
    await fs.writeFile('/a', '12345678');
    const handle = await fs.open('/a', 'r+');
    expect(await codeOf(handle.write(bytes('xyz'), 0, 3, 8))).toBe('ENOSPC');
    expect(await codeOf(handle.truncate(11))).toBe('ENOSPC');
    expect(await codeOf(fs.writeFile('/b', 'xyz'))).toBe('ENOSPC');
    expect(await codeOf(fs.writeFile('/a', 'x'.repeat(11)))).toBe('ENOSPC');
    expect(text(await fs.readFile('/a'))).toBe('12345678');
    await expect(fs.stat('/b')).rejects.toMatchObject({ code: 'ENOENT' }); // not even created
    // Within capacity, and overwrites in place, still work.
    await handle.write(bytes('AB'), 0, 2, 0);
    await handle.truncate(10);
    expect((await fs.stat('/a')).size).toBe(10);
    expect(injector.injected.map((f) => f.call)).toEqual(['write', 'truncate', 'writeFile', 'writeFile']);
  });

  it('unlinking a file frees its bytes', async () => {
    const { fs } = faultyDisk('enospc:capacity(10)');
    await fs.writeFile('/a', '1234567890');
    expect(await codeOf(fs.writeFile('/b', '1'))).toBe('ENOSPC');
    await fs.unlink('/a');
    await fs.writeFile('/b', '1');
  });
});

describe('eio-read', () => {
  it('fails handle.read and readFile with EIO and leaves the data alone', async () => {
    const { fs } = faultyDisk('eio-read:pathMatch(*.log)');
    await fs.writeFile('/x.log', 'log');
    await fs.writeFile('/x.dat', 'dat');
    expect(await codeOf(fs.readFile('/x.log'))).toBe('EIO');
    const handle = await fs.open('/x.log', 'r');
    expect(await codeOf(handle.read(new Uint8Array(3), 0, 3, 0))).toBe('EIO');
    expect(text(await fs.readFile('/x.dat'))).toBe('dat');
  });
});

describe('the injector', () => {
  it('injects nothing until armed, and its predicates see nothing meanwhile', async () => {
    const injector = new FaultInjector(parseFaultSpec('eio-sync:onIndex(0)'), new RngStreams(1).stream('faults'));
    const fs = new SimFs({ faults: injector });
    await syncPath(fs, '/');
    injector.active = true;
    expect(await codeOf(syncPath(fs, '/'))).toBe('EIO');
  });

  it('records the failed call in the trace with its error code', async () => {
    const { fs } = faultyDisk('eio-sync');
    await fs.writeFile('/f', 'x');
    await codeOf(syncPath(fs, '/f'));
    expect(fs.trace.records().map((r) => `${r.call} ${r.outcome}`)).toContain('handle.sync EIO');
  });
});

describe('bitflip at a crash', () => {
  async function crashedDisk(): Promise<SimFs> {
    const fs = new SimFs();
    await fs.mkdir('/d');
    for (const name of ['a.seg', 'b.seg', 'c.idx', 'empty.seg']) {
      const handle = await fs.open(`/d/${name}`, 'w');
      if (name !== 'empty.seg') await handle.write(new Uint8Array(64).fill(0x55));
      await handle.sync();
      await handle.close();
    }
    await syncPath(fs, '/d');
    await syncPath(fs, '/');
    return fs.crash();
  }

  function differingBits(before: Uint8Array, after: Uint8Array): number {
    let count = 0;
    for (let i = 0; i < before.length; i++) for (let x = (before[i] as number) ^ (after[i] as number); x !== 0; x >>= 1) count += x & 1;
    return count;
  }

  it('flips k distinct bits in each chosen non-empty file, in its durable data too', async () => {
    const disk = await crashedDisk();
    const before = await disk.readFile('/d/a.seg');
    const flips = applyBitflips(disk, parseFaultSpec('bitflip(3):pathMatch(*.seg)'), new RngStreams(9).stream('faults'), 42);
    expect(flips.map((f) => f.path)).toEqual(['/d/a.seg', '/d/b.seg']); // not empty.seg, not c.idx
    expect(flips.every((f) => f.fault === 'bitflip' && f.step === 42 && f.call === 'crash')).toBe(true);
    expect(differingBits(before, await disk.readFile('/d/a.seg'))).toBe(3);
    // Damage to the medium survives another crash.
    expect(differingBits(before, await disk.crash().readFile('/d/a.seg'))).toBe(3);
  });

  it('is deterministic per stream, and a plan without bitflip touches nothing', async () => {
    const a = await crashedDisk();
    const b = await crashedDisk();
    const plan = parseFaultSpec('bitflip:randomly(0.5)');
    const flipsA = applyBitflips(a, plan, new RngStreams(3).stream('faults'), 1);
    const flipsB = applyBitflips(b, plan, new RngStreams(3).stream('faults'), 1);
    expect(flipsB).toEqual(flipsA);
    expect(b.imageDigest()).toBe(a.imageDigest());
    const c = await crashedDisk();
    const digest = c.imageDigest();
    expect(applyBitflips(c, parseFaultSpec('eio-sync'), new RngStreams(3).stream('faults'), 1)).toEqual([]);
    expect(c.imageDigest()).toBe(digest);
  });
});

describe('injected faults carry their ordinal', () => {
  it('counts earlier calls on the same call and path (writes that add nothing do not count for enospc)', async () => {
    const { fs, injector } = faultyDisk('eio-sync:opKind(sync)&pathIs(/f)&onIndex(2);enospc:pathIs(/g)&onIndex(1)');
    const f = await fs.open('/f', 'w');
    for (let i = 0; i < 3; i++) await f.sync().catch(() => undefined);
    const g = await fs.open('/g', 'w');
    await g.write(new Uint8Array([1, 2]), 0, 2, 0);
    await g.write(new Uint8Array([3]), 0, 1, 0); // overwrites in place: adds nothing, never asked
    await g.write(new Uint8Array([4]), 0, 1, 2).catch(() => undefined);
    expect(injector.injected.map((fault) => [fault.fault, fault.call, fault.path, fault.ordinal])).toEqual([
      ['eio-sync', 'sync', '/f', 2],
      ['enospc', 'write', '/g', 1],
    ]);
  });
});
