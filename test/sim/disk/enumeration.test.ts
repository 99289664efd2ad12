import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimFs } from '../../../sim/disk/index.js';
import type { CrashProfile } from '../../../sim/disk/index.js';
import { bytes, diskWithDurableDir, syncPath, writeSynced } from './helpers.js';

/** Exhaustive enumeration: exact state counts, and random mode staying inside it. */

describe('exhaustive enumeration counts', () => {
  for (let k = 1; k <= 6; k++) {
    it(`${k} independent pending creates give exactly 2^${k} states`, async () => {
      const fs = await diskWithDurableDir();
      for (let i = 0; i < k; i++) await (await fs.open(`/d/f${i}`, 'wx')).close();
      const { states, truncated } = fs.crashStates({ maxStates: 10_000 });
      console.log(`creates k=${k}: ${states.length} states`);
      expect(truncated).toBe(false);
      expect(states).toHaveLength(2 ** k);
      expect(new Set(states.map((state) => state.imageDigest())).size).toBe(2 ** k);
    });
  }

  for (let k = 1; k <= 6; k++) {
    it(`${k} independent single-sector overwrites of synced files give exactly 2^${k} states`, async () => {
      const fs = await diskWithDurableDir({ sectorSizeBytes: 8 });
      for (let i = 0; i < k; i++) await writeSynced(fs, `/d/f${i}`, 'aaaaaaaa');
      await syncPath(fs, '/d');
      for (let i = 0; i < k; i++) await fs.writeFile(`/d/f${i}`, 'bb', { flag: 'r+' });
      const { states, truncated } = fs.crashStates({ maxStates: 10_000 });
      console.log(`overwrites k=${k}: ${states.length} states`);
      expect(truncated).toBe(false);
      expect(states).toHaveLength(2 ** k);
    });
  }

  it('maxStates bounds the enumeration and says it stopped early', async () => {
    const fs = await diskWithDurableDir();
    for (let i = 0; i < 5; i++) await (await fs.open(`/d/f${i}`, 'wx')).close();
    const bounded = fs.crashStates({ maxStates: 7 });
    expect(bounded.states).toHaveLength(7);
    expect(bounded.truncated).toBe(true);
    const exact = fs.crashStates({ maxStates: 32 });
    expect(exact.states).toHaveLength(32);
    expect(exact.truncated).toBe(false);
  });

  it('ext4-ordered: k pending creates give k+1 states (every journal prefix)', async () => {
    const fs = await diskWithDurableDir();
    for (let i = 0; i < 5; i++) await (await fs.open(`/d/f${i}`, 'wx')).close();
    const { states } = fs.crashStates({ profile: 'ext4-ordered' });
    console.log(`ext4-ordered creates k=5: ${states.length} states`);
    expect(states).toHaveLength(6);
  });

  it('a write over six sectors tears into every subset of them', async () => {
    const fs = await diskWithDurableDir({ sectorSizeBytes: 1 });
    await writeSynced(fs, '/d/f', 'aaaaaa');
    await syncPath(fs, '/d');
    await fs.writeFile('/d/f', 'bbbbbb', { flag: 'r+' });
    const contents = fs.crashStates().states.map((state) => state.toImage());
    console.log(`6-sector overwrite: ${contents.length} states`);
    // every subset of the 6 sectors, the empty one (drop) and the full one (keep) included
    expect(contents).toHaveLength(2 ** 6);
  });
});

type Command =
  | { kind: 'create'; file: number }
  | { kind: 'write'; file: number; position: number; length: number; fill: number }
  | { kind: 'truncate'; file: number; size: number }
  | { kind: 'syncFile'; file: number }
  | { kind: 'syncDir'; dir: number }
  | { kind: 'rename'; from: number; to: number }
  | { kind: 'unlink'; file: number }
  | { kind: 'link'; from: number; to: number }
  | { kind: 'mkdir' };

const DIRS = ['/d', '/d/s'];
const FILES = ['/d/a', '/d/b', '/d/s/c'];

const fileIndex = fc.integer({ min: 0, max: FILES.length - 1 });
const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), file: fileIndex }),
  fc.record({
    kind: fc.constant('write' as const),
    file: fileIndex,
    position: fc.integer({ min: 0, max: 10 }),
    length: fc.integer({ min: 1, max: 9 }),
    fill: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), file: fileIndex, size: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ kind: fc.constant('syncFile' as const), file: fileIndex }),
  fc.record({ kind: fc.constant('syncDir' as const), dir: fc.integer({ min: 0, max: DIRS.length - 1 }) }),
  fc.record({ kind: fc.constant('rename' as const), from: fileIndex, to: fileIndex }),
  fc.record({ kind: fc.constant('unlink' as const), file: fileIndex }),
  fc.record({ kind: fc.constant('link' as const), from: fileIndex, to: fileIndex }),
  fc.record({ kind: fc.constant('mkdir' as const) }),
);

/** Runs a command, ignoring the filesystem's refusals (a missing file, an existing name...). */
async function runCommand(fs: SimFs, command: Command): Promise<void> {
  const file = (index: number): string => FILES[index] as string;
  try {
    switch (command.kind) {
      case 'create':
        await (await fs.open(file(command.file), 'a')).close();
        return;
      case 'write': {
        const handle = await fs.open(file(command.file), 'r+');
        await handle.write(new Uint8Array(command.length).fill(command.fill), 0, command.length, command.position);
        await handle.close();
        return;
      }
      case 'truncate': {
        const handle = await fs.open(file(command.file), 'r+');
        await handle.truncate(command.size);
        await handle.close();
        return;
      }
      case 'syncFile':
        await syncPath(fs, file(command.file));
        return;
      case 'syncDir':
        await syncPath(fs, DIRS[command.dir] as string);
        return;
      case 'rename':
        await fs.rename(file(command.from), file(command.to));
        return;
      case 'unlink':
        await fs.unlink(file(command.file));
        return;
      case 'link':
        await fs.link(file(command.from), file(command.to));
        return;
      case 'mkdir':
        await fs.mkdir('/d/s');
        return;
    }
  } catch (error) {
    if (typeof (error as { code?: unknown }).code !== 'string') throw error;
  }
}

describe('random mode stays inside exhaustive mode', () => {
  for (const profile of ['posix', 'ext4-ordered', 'process'] as const satisfies readonly CrashProfile[]) {
    it(`${profile}: every random crash state is an enumerated state`, async () => {
      let largest = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(commandArbitrary, { minLength: 1, maxLength: 10 }), async (commands) => {
          const fs = await diskWithDurableDir({ sectorSizeBytes: 4 });
          await writeSynced(fs, '/d/a', 'seed-data');
          await fs.writeFile('/d/b', 'bb');
          for (const command of commands) await runCommand(fs, command);
          const { states, truncated } = fs.crashStates({ profile, maxStates: 4000 });
          fc.pre(!truncated);
          largest = Math.max(largest, states.length);
          const legal = new Set(states.map((state) => state.imageDigest()));
          for (let seed = 0; seed < 40; seed++) {
            const drawn = fs.crashClone({ profile, seed }).imageDigest();
            expect(legal.has(drawn)).toBe(true);
          }
          expect(fs.isDead).toBe(false);
        }),
        { numRuns: 80, seed: 1 },
      );
      console.log(`${profile}: largest exhaustive state set in the property run: ${largest}`);
    });
  }

  it('random mode reaches more than one state over seeds, and the same seed gives the same state', async () => {
    const fs = await diskWithDurableDir({ sectorSizeBytes: 4 });
    for (let i = 0; i < 4; i++) await fs.writeFile(`/d/f${i}`, bytes('abcdefgh'));
    const drawn = new Set<string>();
    for (let seed = 0; seed < 50; seed++) drawn.add(fs.crashClone({ seed }).imageDigest());
    expect(drawn.size).toBeGreaterThan(10);
    expect(fs.crashClone({ seed: 7 }).imageDigest()).toBe(fs.crashClone({ seed: 7 }).imageDigest());
  });
});

describe('bounded enumeration shares its budget', () => {
  it('ext4-ordered explores many journal cuts even when the first cut collapses into one state', async () => {
    const fs = await diskWithDurableDir();
    // Each file: a create (name op) and an extending write spanning many sectors (many outcomes).
    for (let i = 0; i < 12; i++) {
      const handle = await fs.open(`/d/f${i}`, 'wx');
      await handle.write(new Uint8Array(4096).fill(i + 1));
      await handle.close();
    }
    const { states, truncated } = fs.crashStates({ profile: 'ext4-ordered', maxStates: 64 });
    const namesKept = new Set(states.map((state) => state.toImage()).map((image) => (image.kind === 'dir' && image.entries['d']?.kind === 'dir' ? Object.keys(image.entries['d'].entries).length : -1)));
    console.log(`ext4-ordered, 12 pending creates with 8-sector writes: ${states.length} states (truncated: ${truncated}), ${namesKept.size} distinct journal cuts`);
    expect(states.length).toBe(64);
    expect(namesKept.size).toBe(13);
  });
});
