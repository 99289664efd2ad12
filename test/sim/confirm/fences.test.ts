import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimFs } from '../../../sim/disk/index.js';
import { GuardedFs, OutsideTempDirError, SerializedFs, type SerializedCall } from '../../../sim/confirm/index.js';
import { writeImage } from '../../../sim/confirm/image-writer.js';
import { withTempDir } from '../../../sim/confirm/temp-dir.js';
import { NodeFs } from '../../../src/fs/node-fs.js';

let parent = '';
beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'crashsim-fence-test-'));
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

describe('GuardedFs', () => {
  it('lets calls inside the directory through and refuses every path outside it before the disk sees it', async () => {
    const inside = join(parent, 'inside');
    const fs = new GuardedFs(NodeFs, inside);
    await fs.mkdir(inside);
    await fs.writeFile(join(inside, 'a'), 'x');
    const outside = join(parent, 'outside');
    await expect(fs.writeFile(outside, 'x')).rejects.toThrow(OutsideTempDirError);
    await expect(fs.mkdir(join(inside, '..', 'escaped'))).rejects.toThrow(OutsideTempDirError);
    await expect(fs.rename(join(inside, 'a'), outside)).rejects.toThrow(/only lets the system touch paths inside/);
    await expect(fs.link(join(inside, 'a'), join(`${inside}-sibling`, 'a'))).rejects.toThrow(OutsideTempDirError);
    await expect(fs.open('relative/path', 'r')).rejects.toThrow(OutsideTempDirError);
    expect(await readdir(parent)).toEqual(['inside']);
    expect(await readdir(inside)).toEqual(['a']);
    expect(fs.breaches).toHaveLength(5);
  });
});

describe('SerializedFs', () => {
  it('numbers calls from firstStep, keeps one in flight at a time, and can halt a call forever', async () => {
    const dir = join(parent, 'serial');
    await NodeFs.mkdir(dir);
    const seen: SerializedCall[] = [];
    let inFlight = 0;
    let inFlightMax = 0;
    const counting = new Proxy(NodeFs, {
      get(target, name: keyof typeof NodeFs) {
        const method = target[name] as (...args: unknown[]) => Promise<unknown>;
        return async (...args: unknown[]) => {
          inFlight++;
          inFlightMax = Math.max(inFlightMax, inFlight);
          try {
            return await method.apply(target, args);
          } finally {
            inFlight--;
          }
        };
      },
    });
    const fs = new SerializedFs(counting, {
      firstStep: 7,
      beforeCall: (call) => {
        seen.push(call);
        return call.path.endsWith('never') ? 'halt' : 'go';
      },
    });
    await Promise.all([0, 1, 2, 3].map((i) => fs.writeFile(join(dir, `f${i}`), String(i))));
    const handle = await fs.open(join(dir, 'f0'), 'r+');
    await handle.sync();
    await handle.close();
    expect(inFlightMax).toBe(1);
    expect(seen.map((c) => c.step)).toEqual([7, 8, 9, 10, 11, 12, 13]);
    expect(seen.slice(4).map((c) => c.call)).toEqual(['open', 'handle.sync', 'handle.close']);
    expect(fs.stepsCompleted).toBe(14);

    // Halted: neither the halted call nor the one queued behind it ever settles.
    let settledCount = 0;
    void fs.stat(join(dir, 'never')).finally(() => settledCount++);
    void fs.stat(join(dir, 'f1')).finally(() => settledCount++);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(settledCount).toBe(0);
    expect(seen.at(-1)?.step).toBe(14);
  });
});

describe('writeImage and withTempDir', () => {
  it('writes a simulated tree under the directory and removes the temp directory afterwards, even on failure', async () => {
    const sim = new SimFs();
    await sim.mkdir('/data/d0', { recursive: true });
    await sim.writeFile('/data/d0/blob', new Uint8Array([1, 2, 3]));
    await sim.writeFile('/top', 'hello');
    let made = '';
    await withTempDir(parent, async (dir) => {
      made = dir;
      await writeImage(sim.toImage(), dir);
      expect([...(await readFile(join(dir, 'data/d0/blob')))]).toEqual([1, 2, 3]);
      expect(await readFile(join(dir, 'top'), 'utf8')).toBe('hello');
    });
    await expect(stat(made)).rejects.toThrow(/ENOENT/);
    await expect(withTempDir(parent, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await readdir(parent)).toEqual([]);
  });

  it('refuses an image whose names would escape the directory', async () => {
    const entries = Object.create(null) as Record<string, { kind: 'file'; data: Uint8Array }>;
    entries['..'] = { kind: 'file', data: new Uint8Array(1) };
    await expect(writeImage({ kind: 'dir', entries }, parent)).rejects.toThrow(/not a valid file name/);
  });
});
