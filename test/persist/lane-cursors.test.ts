import { describe, expect, it } from 'vitest';
import { createMemFs } from '../../src/fs/mem-fs.js';
import { LaneCursors } from '../../src/persist/lane-cursors.js';

/** The durable cursors of lanes that hold no block (src/persist/lane-cursors.ts). */

const DIR = '/blocks';

async function freshDir() {
  const fs = createMemFs();
  await fs.mkdir(DIR);
  return fs;
}

describe('LaneCursors', () => {
  it('records a cursor durably, only ever forward, and reads it back after a reopen', async () => {
    const fs = await freshDir();
    const cursors = await LaneCursors.open(fs, DIR);
    expect(cursors.get(10)).toBeUndefined();
    await cursors.raise(10, 4);
    await cursors.raise(10, 2); // behind the record: nothing written
    await cursors.raise(27, 2 ** 40); // a number beyond 32 bits
    const reopened = await LaneCursors.open(fs, DIR);
    expect(reopened.get(10)).toBe(4);
    expect(reopened.get(27)).toBe(2 ** 40);
    expect(reopened.lanes).toEqual([10, 27]);
    expect((await fs.readdir(DIR)).sort()).toEqual(['0000000a.next', '0000001b.next']);
  });

  it('reads a damaged or truncated record as invalid, and a later raise repairs it', async () => {
    const fs = await freshDir();
    await (await LaneCursors.open(fs, DIR)).raise(10, 4);
    await (await LaneCursors.open(fs, DIR)).raise(11, 9);
    const bytes = await fs.readFile(`${DIR}/0000000a.next`);
    bytes[7] = (bytes[7] as number) ^ 0x01;
    await fs.writeFile(`${DIR}/0000000a.next`, bytes);
    await fs.writeFile(`${DIR}/0000000b.next`, new Uint8Array(5));
    const damaged = await LaneCursors.open(fs, DIR);
    expect(damaged.get(10)).toBe('invalid');
    expect(damaged.get(11)).toBe('invalid');
    await damaged.raise(10, 3);
    expect((await LaneCursors.open(fs, DIR)).get(10)).toBe(3);
  });

  it('sweeps an interrupted write at open and ignores names that are not cursors', async () => {
    const fs = await freshDir();
    await fs.writeFile(`${DIR}/0000000a.next.tmp`, new Uint8Array(3));
    await fs.writeFile(`${DIR}/notes.next`, 'not a lane');
    await fs.mkdir(`${DIR}/0000000a`);
    const cursors = await LaneCursors.open(fs, DIR);
    expect(cursors.lanes).toEqual([]);
    expect((await fs.readdir(DIR)).sort()).toEqual(['0000000a', 'notes.next']);
  });
});
