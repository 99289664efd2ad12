import { afterEach, describe, expect, it } from 'vitest';
import { join } from '../../src/fs/path.js';
import type { FileSystem } from '../../src/fs/types.js';
import { CorruptLogError, openSegmentLog } from '../../src/wal/index.js';
import type { SegmentLog } from '../../src/wal/index.js';
import { BACKENDS, bytes, text } from './backends.js';

async function readRange(log: SegmentLog): Promise<string[]> {
  const out: string[] = [];
  for (let i = log.firstIndex; i <= log.lastIndex; i++) out.push(text(await log.read(i)));
  return out;
}

for (const backend of BACKENDS) {
  describe(`SegmentLog on ${backend.name}`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    let fs: FileSystem;
    let dir: string;

    async function setUp(): Promise<void> {
      const made = await backend.make();
      fs = made.fs;
      dir = join(made.root, 'log');
      cleanup = made.cleanup;
    }
    afterEach(() => cleanup());

    it('starts empty at index 1 and appends consecutive indices', async () => {
      await setUp();
      const log = await openSegmentLog(fs, dir);
      expect([log.firstIndex, log.lastIndex]).toEqual([1, 0]);
      expect(await log.append([bytes('a'), bytes('b')])).toEqual({ first: 1, last: 2 });
      expect(await log.append([])).toEqual({ first: 3, last: 2 });
      expect(await log.append([bytes('c')])).toEqual({ first: 3, last: 3 });
      expect(await readRange(log)).toEqual(['a', 'b', 'c']);
      await expect(log.read(4)).rejects.toThrow(RangeError);
      await log.close();
    });

    it('replays after reopen, across many small segments', async () => {
      await setUp();
      const log = await openSegmentLog(fs, dir, { segmentSizeBytes: 40 });
      for (let i = 0; i < 20; i++) await log.append([bytes(`entry-${i}`)]);
      await log.close();
      const names = (await fs.readdir(dir)).filter((name) => name.endsWith('.seg'));
      expect(names.length).toBeGreaterThan(3);
      const reopened = await openSegmentLog(fs, dir, { segmentSizeBytes: 40 });
      expect(await readRange(reopened)).toEqual(Array.from({ length: 20 }, (_, i) => `entry-${i}`));
      await reopened.close();
    });

    it('concurrent appends get consecutive indices in call order', async () => {
      await setUp();
      const log = await openSegmentLog(fs, dir, { segmentSizeBytes: 64 });
      const results = await Promise.all(Array.from({ length: 32 }, (_, i) => log.append([bytes(`c${i}`)])));
      expect(results.map((r) => r.first)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
      expect(await readRange(log)).toEqual(Array.from({ length: 32 }, (_, i) => `c${i}`));
      await log.close();
    });

    it('truncateFront removes older entries durably and reopens there', async () => {
      await setUp();
      const log = await openSegmentLog(fs, dir, { segmentSizeBytes: 40 });
      for (let i = 1; i <= 10; i++) await log.append([bytes(`e${i}`)]);
      await log.truncateFront(7);
      expect([log.firstIndex, log.lastIndex]).toEqual([7, 10]);
      await expect(log.read(6)).rejects.toThrow(RangeError);
      await expect(log.truncateFront(12)).rejects.toThrow(RangeError);
      await log.close();
      const reopened = await openSegmentLog(fs, dir, { segmentSizeBytes: 40 });
      expect(await readRange(reopened)).toEqual(['e7', 'e8', 'e9', 'e10']);
      await reopened.close();
    });

    it('truncateBack removes newer entries and appends reuse the freed indices', async () => {
      await setUp();
      const log = await openSegmentLog(fs, dir, { segmentSizeBytes: 40 });
      for (let i = 1; i <= 10; i++) await log.append([bytes(`e${i}`)]);
      await log.truncateBack(4);
      expect(log.lastIndex).toBe(4);
      expect(await log.append([bytes('x5')])).toEqual({ first: 5, last: 5 });
      await log.close();
      const reopened = await openSegmentLog(fs, dir, { segmentSizeBytes: 40 });
      expect(await readRange(reopened)).toEqual(['e1', 'e2', 'e3', 'e4', 'x5']);
      await expect(reopened.truncateBack(-1)).rejects.toThrow(RangeError);
      await reopened.close();
    });

    it('truncateAll keeps the counter across a reopen', async () => {
      await setUp();
      const log = await openSegmentLog(fs, dir);
      await log.append([bytes('a'), bytes('b'), bytes('c')]);
      await log.truncateAll();
      expect([log.firstIndex, log.lastIndex]).toEqual([4, 3]);
      await log.close();
      const reopened = await openSegmentLog(fs, dir);
      expect([reopened.firstIndex, reopened.lastIndex]).toEqual([4, 3]);
      expect(await reopened.append([bytes('d')])).toEqual({ first: 4, last: 4 });
      expect(await readRange(reopened)).toEqual(['d']);
      await reopened.close();
    });

    it('cuts a torn or zero-filled tail of the last segment', async () => {
      await setUp();
      const log = await openSegmentLog(fs, dir);
      await log.append([bytes('one'), bytes('two')]);
      await log.close();
      const segment = join(dir, '00000000000000000001.seg');
      const handle = await fs.open(segment, 'r+');
      const size = (await handle.stat()).size;
      await handle.write(new Uint8Array(40), 0, 40, size); // zeros past the end
      await handle.close();
      const reopened = await openSegmentLog(fs, dir);
      expect(await readRange(reopened)).toEqual(['one', 'two']);
      expect(await reopened.append([bytes('three')])).toEqual({ first: 3, last: 3 });
      await reopened.close();
      const again = await openSegmentLog(fs, dir);
      expect(await readRange(again)).toEqual(['one', 'two', 'three']);
      await again.close();
    });

    it('refuses a damaged sealed segment with CorruptLogError', async () => {
      await setUp();
      const log = await openSegmentLog(fs, dir, { segmentSizeBytes: 30 });
      for (let i = 0; i < 6; i++) await log.append([bytes(`entry-${i}`)]);
      await log.close();
      const first = join(dir, '00000000000000000001.seg');
      const data = await fs.readFile(first);
      const damaged = data.slice();
      damaged[damaged.length - 1] = (damaged[damaged.length - 1] as number) ^ 0xff;
      await fs.writeFile(first, damaged);
      await expect(openSegmentLog(fs, dir, { segmentSizeBytes: 30 })).rejects.toBeInstanceOf(CorruptLogError);
    });

    it('refuses a missing middle segment with CorruptLogError', async () => {
      await setUp();
      const log = await openSegmentLog(fs, dir, { segmentSizeBytes: 20 });
      for (let i = 0; i < 6; i++) await log.append([bytes(`entry-${i}`)]);
      await log.close();
      const segments = (await fs.readdir(dir)).filter((name) => name.endsWith('.seg')).sort();
      await fs.unlink(join(dir, segments[2] as string));
      await expect(openSegmentLog(fs, dir, { segmentSizeBytes: 20 })).rejects.toThrow(/corrupt/);
    });

    it('sweeps leftover temp files and finishes an interrupted front truncation', async () => {
      await setUp();
      const log = await openSegmentLog(fs, dir, { segmentSizeBytes: 20 });
      for (let i = 0; i < 6; i++) await log.append([bytes(`entry-${i}`)]);
      await log.close();
      const before = (await fs.readdir(dir)).filter((name) => name.endsWith('.seg')).sort();
      // Simulate a crash after the first-index record moved to 4 but before segments were removed.
      const moved = await openSegmentLog(fs, dir, { segmentSizeBytes: 20 });
      await moved.truncateFront(4);
      await moved.close();
      for (const name of before) {
        if (!(await fs.readdir(dir)).includes(name)) await fs.writeFile(join(dir, name), await fs.readFile(join(dir, before.at(-1) as string)));
      }
      await fs.writeFile(join(dir, 'first-index.tmp'), bytes('junk'));
      const reopened = await openSegmentLog(fs, dir, { segmentSizeBytes: 20 });
      expect(reopened.firstIndex).toBe(4);
      expect(await readRange(reopened)).toEqual(['entry-3', 'entry-4', 'entry-5']);
      expect((await fs.readdir(dir)).some((name) => name.endsWith('.tmp'))).toBe(false);
      await reopened.close();
    });
  });
}
