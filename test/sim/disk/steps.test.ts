import { describe, expect, it } from 'vitest';
import { isFsError } from '../../../src/fs/errors.js';
import { Trace } from '../../../sim/trace.js';
import { SimFs, SimulatedCrashError, isSimulatedCrash } from '../../../sim/disk/index.js';
import type { StepInfo } from '../../../sim/disk/index.js';
import { bytes, syncPath, text } from './helpers.js';

/** Steps, traces, dead disks, readdir order, options, images and the pending listing. */

async function workload(fs: SimFs): Promise<void> {
  await fs.mkdir('/d');
  for (let i = 0; i < 5; i++) await fs.writeFile(`/d/f${i}`, `content ${i}`);
  await fs.rename('/d/f0', '/d/g');
  await fs.readdir('/d');
  await fs.unlink('/d/f1').catch(() => undefined);
  await fs.unlink('/d/missing').catch(() => undefined);
  await syncPath(fs, '/d');
}

describe('a crashed disk is dead', () => {
  it('rejects every later call and handle call with SimulatedCrashError', async () => {
    const fs = new SimFs();
    await fs.writeFile('/f', 'x');
    const handle = await fs.open('/f', 'r+');
    const next = fs.crash({ profile: 'process' });
    expect(fs.isDead).toBe(true);
    const error: unknown = await fs.stat('/f').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SimulatedCrashError);
    expect(isSimulatedCrash(error)).toBe(true);
    expect(isFsError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ESIMCRASH', syscall: 'stat', path: '/f' });
    expect(String((error as Error).message)).toMatch(/crashed/);
    for (const call of [() => handle.write(bytes('y')), () => handle.sync(), () => handle.close(), () => fs.mkdir('/x')]) {
      expect(isSimulatedCrash(await call().catch((e: unknown) => e))).toBe(true);
    }
    expect(text(await next.readFile('/f'))).toBe('x');
    expect(isSimulatedCrash(new Error('other'))).toBe(false);
  });

  it('rejects calls that were in flight (held by the step hook) when the disk crashed', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const fs = new SimFs({ onStep: (step) => (step.call === 'writeFile' ? held : undefined) });
    await fs.mkdir('/d');
    const inFlight = fs.writeFile('/d/late', 'too late');
    const next = fs.crash({ profile: 'process' });
    release();
    const error: unknown = await inFlight.catch((e: unknown) => e);
    expect(isSimulatedCrash(error)).toBe(true);
    expect(await next.readdir('/d')).toEqual([]);
    expect(fs.trace.records().map((record) => record.call)).toEqual(['mkdir']);
  });

  it('a crash decided inside the hook stops the call it announced', async () => {
    const box: { fs?: SimFs; next?: SimFs } = {};
    const fs = new SimFs({
      onStep: (step) => {
        if (step.seq === 2 && box.fs !== undefined) box.next = box.fs.crash({ profile: 'process' });
      },
    });
    box.fs = fs;
    await fs.mkdir('/a');
    await fs.mkdir('/b');
    expect(isSimulatedCrash(await fs.mkdir('/c').catch((e: unknown) => e))).toBe(true);
    expect(await box.next?.readdir('/')).toEqual(['a', 'b']);
  });

  it('crashClone leaves the disk alive', async () => {
    const fs = new SimFs();
    await fs.writeFile('/f', 'x');
    const clone = fs.crashClone({ profile: 'process' });
    expect(fs.isDead).toBe(false);
    await fs.writeFile('/g', 'y');
    expect(await clone.readdir('/')).toEqual(['f']);
    expect(await fs.readdir('/')).toEqual(['f', 'g']);
  });
});

describe('steps and traces', () => {
  it('announces every call once, with the seq the trace records', async () => {
    const steps: StepInfo[] = [];
    const fs = new SimFs({ onStep: (step) => void steps.push(step) });
    await workload(fs);
    const records = fs.trace.records();
    expect(steps.map((step) => [step.seq, step.call, step.path])).toEqual(records.map((record) => [record.seq, record.call, record.path]));
    expect(records.find((record) => record.call === 'unlink' && record.path === '/d/missing')?.outcome).toBe('ENOENT');
    expect(records.find((record) => record.call === 'readdir')?.outcome).toBe('ok 5');
  });

  it('a failing hook fails its call but keeps trace seqs aligned with step seqs', async () => {
    const seqs: number[] = [];
    const fs = new SimFs({
      onStep: (step) => {
        seqs.push(step.seq);
        if (step.call === 'stat') throw new Error('hook refused');
      },
    });
    await fs.mkdir('/a');
    await expect(fs.stat('/a')).rejects.toThrow('hook refused');
    await fs.mkdir('/b');
    expect(fs.trace.records().map((record) => [record.seq, record.outcome])).toEqual([
      [0, 'ok'],
      [1, 'hook-failed'],
      [2, 'ok'],
    ]);
    expect(seqs).toEqual([0, 1, 2]);
  });

  it('an async hook serializes nothing away: every step still runs once', async () => {
    let count = 0;
    const fs = new SimFs({ onStep: async () => void count++ });
    await workload(fs);
    expect(count).toBe(fs.trace.count);
  });

  it('the same seed gives the same trace hash twice, across a crash', async () => {
    const run = async (): Promise<string> => {
      const trace = new Trace();
      const fs = new SimFs({ trace, readdirOrder: 'shuffled', seed: 42 });
      await workload(fs);
      await fs.writeFile('/d/unsynced', 'maybe');
      const next = fs.crash({ seed: 5, next: { trace, readdirOrder: 'shuffled', seed: 42 } });
      await next.readdir('/d');
      await next.readFile('/d/g');
      return trace.hash();
    };
    const first = await run();
    expect(await run()).toBe(first);
  });

  it('shuffled readdir changes the order with the seed, never the contents', async () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 8; seed++) {
      const fs = new SimFs({ readdirOrder: 'shuffled', seed });
      for (const name of ['e', 'a', 'd', 'b', 'c', 'f']) await fs.writeFile(`/${name}`, name);
      const names = await fs.readdir('/');
      expect([...names].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
      orders.add(names.join(''));
    }
    expect(orders.size).toBeGreaterThan(1);
    const insertion = new SimFs({ readdirOrder: 'insertion' });
    for (const name of ['e', 'a', 'd']) await insertion.writeFile(`/${name}`, name);
    expect(await insertion.readdir('/')).toEqual(['e', 'a', 'd']);
  });
});

describe('options validation', () => {
  it('rejects bad options with errors naming the option and the rule', () => {
    expect(() => new SimFs({ sectorSizeBytes: 500 })).toThrow('SimFs: sectorSizeBytes must be a power of two from 1 to 65536, got 500');
    expect(() => new SimFs({ sectorSizeBytes: 131072 })).toThrow(RangeError);
    expect(() => new SimFs({ sectorSizeBytes: 0 })).toThrow(RangeError);
    expect(() => new SimFs({ readdirOrder: 'random' as 'sorted' })).toThrow(/readdirOrder must be one of/);
    expect(() => new SimFs({ seed: -1 })).toThrow(/seed must be an integer/);
    expect(() => new SimFs({ onStep: 3 as unknown as () => void })).toThrow(TypeError);
    const fs = new SimFs();
    expect(() => fs.crashStates({ maxStates: 0 })).toThrow('SimFs.crashStates: maxStates must be a positive integer, got 0');
    expect(() => fs.crashStates({ maxStates: 1.5 })).toThrow(RangeError);
    expect(() => fs.crash({ profile: 'ext3' as 'posix' })).toThrow(/profile must be one of posix, ext4-ordered, process/);
    expect(() => fs.crashClone({ seed: 0.5 })).toThrow(/seed/);
    expect(() => fs.crash({ next: { sectorSizeBytes: 3 } })).toThrow(/sectorSizeBytes/);
    expect(fs.isDead).toBe(false);
    expect(new SimFs({ sectorSizeBytes: 1 })).toBeInstanceOf(SimFs);
    expect(new SimFs({ sectorSizeBytes: 65536 })).toBeInstanceOf(SimFs);
  });
});

describe('images and the pending listing', () => {
  it('lists pending operations in order, named by the trace step that made them, with current paths', async () => {
    const fs = new SimFs();
    await fs.mkdir('/a');
    await syncPath(fs, '/');
    const handle = await fs.open('/a/tmp', 'wx');
    await handle.write(new Uint8Array(512));
    await handle.close();
    await fs.rename('/a/tmp', '/a/x');
    await fs.writeFile('/a/gone', 'g');
    await fs.unlink('/a/gone');
    expect(fs.pendingOperations()).toEqual([
      's4 create /a/tmp',
      's5 write /a/x [0, 512) extends 0 -> 512',
      's7 rename /a/tmp -> /a/x',
      's8 create /a/gone',
      's8 write <inode 4> [0, 1) extends 0 -> 1',
      's9 unlink /a/gone',
    ]);
    // The numbers are trace steps: the listing lines up with the timeline.
    expect(fs.trace.records().find((r) => r.seq === 7)?.call).toBe('rename');
  });

  it('toImage / fromImage round-trip the visible tree, digest included', async () => {
    const fs = new SimFs();
    await workload(fs);
    await fs.writeFile('/d/__proto__', 'odd name');
    const copy = SimFs.fromImage(fs.toImage());
    expect(copy.imageDigest()).toBe(fs.imageDigest());
    expect(copy.toImage()).toEqual(fs.toImage());
    expect(copy.pendingOperations()).toEqual([]);
    expect(JSON.parse(JSON.stringify(fs.toImage())).entries.d.entries.__proto__.kind).toBe('file');
    expect(() => SimFs.fromImage({ kind: 'file', data: new Uint8Array() })).toThrow(TypeError);
  });

  it('the digest depends on contents and names, not on insertion order', async () => {
    const one = new SimFs();
    const two = new SimFs();
    await one.writeFile('/a', '1');
    await one.writeFile('/b', '2');
    await two.writeFile('/b', '2');
    await two.writeFile('/a', '1');
    expect(one.imageDigest()).toBe(two.imageDigest());
    await two.writeFile('/a', '3');
    expect(one.imageDigest()).not.toBe(two.imageDigest());
  });
});
