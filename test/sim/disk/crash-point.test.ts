import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimFs } from '../../../sim/disk/index.js';
import type { CrashProfile } from '../../../sim/disk/index.js';
import { bytes, diskWithDurableDir } from './helpers.js';

/**
 * crashPoint() + crashCloneAt() must build exactly the disk crashClone() builds at the moment
 * the point was taken, whatever the disk does afterwards: the runner relies on it to keep
 * reservoir choices cheaply and build one state per run.
 */

type Step =
  | { kind: 'write'; file: number; at: number; text: string }
  | { kind: 'create'; dir: number; file: number }
  | { kind: 'rename'; from: number; to: number }
  | { kind: 'unlink'; file: number }
  | { kind: 'mkdir'; dir: number }
  | { kind: 'rmdir'; dir: number }
  | { kind: 'sync'; file: number }
  | { kind: 'syncDir'; dir: number }
  | { kind: 'link'; from: number; to: number };

const FILES = 4;
const DIRS = 2;
const pathOf = (file: number): string => `/d/${file % DIRS === 0 ? '' : 'e/'}f${file}`;
const dirOf = (dir: number): string => (dir === 0 ? '/d' : '/d/e');

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('write' as const), file: fc.nat(FILES - 1), at: fc.nat(12), text: fc.string({ minLength: 1, maxLength: 10 }) }),
  fc.record({ kind: fc.constant('create' as const), dir: fc.nat(DIRS - 1), file: fc.nat(FILES - 1) }),
  fc.record({ kind: fc.constant('rename' as const), from: fc.nat(FILES - 1), to: fc.nat(FILES - 1) }),
  fc.record({ kind: fc.constant('link' as const), from: fc.nat(FILES - 1), to: fc.nat(FILES - 1) }),
  fc.record({ kind: fc.constant('unlink' as const), file: fc.nat(FILES - 1) }),
  fc.record({ kind: fc.constant('mkdir' as const), dir: fc.nat(DIRS - 1) }),
  fc.record({ kind: fc.constant('rmdir' as const), dir: fc.nat(DIRS - 1) }),
  fc.record({ kind: fc.constant('sync' as const), file: fc.nat(FILES - 1) }),
  fc.record({ kind: fc.constant('syncDir' as const), dir: fc.nat(DIRS - 1) }),
);

/** Applies one step; failures (ENOENT, EEXIST...) are part of the game and change nothing. */
async function apply(fs: SimFs, step: Step): Promise<void> {
  try {
    switch (step.kind) {
      case 'write': {
        const handle = await fs.open(pathOf(step.file), 'r+');
        try {
          await handle.write(bytes(step.text), 0, undefined, step.at);
        } finally {
          await handle.close();
        }
        return;
      }
      case 'create':
        await (await fs.open(pathOf(step.file), 'wx')).close();
        return;
      case 'rename':
        await fs.rename(pathOf(step.from), pathOf(step.to));
        return;
      case 'link':
        await fs.link(pathOf(step.from), pathOf(step.to));
        return;
      case 'unlink':
        await fs.unlink(pathOf(step.file));
        return;
      case 'mkdir':
        await fs.mkdir(dirOf(step.dir));
        return;
      case 'rmdir':
        await fs.rmdir(dirOf(step.dir));
        return;
      case 'sync':
      case 'syncDir': {
        const handle = await fs.open(step.kind === 'sync' ? pathOf(step.file) : dirOf(step.dir), 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        return;
      }
    }
  } catch {
    // An illegal step for the current tree: nothing happened.
  }
}

describe('crash points', () => {
  it.each<CrashProfile>(['posix', 'ext4-ordered', 'process'])('build, later, the state crashClone builds at the moment (%s)', async (profile) => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { maxLength: 14 }), fc.array(stepArbitrary, { maxLength: 14 }), fc.nat(1000), async (before, after, seed) => {
        const fs = await diskWithDurableDir({ sectorSizeBytes: 4 });
        await fs.mkdir('/d/e');
        for (const step of before) await apply(fs, step);
        const point = fs.crashPoint();
        const atTheMoment = fs.crashClone({ profile, seed });
        for (const step of after) await apply(fs, step);
        expect(fs.crashCloneAt(point, { profile, seed }).toImage()).toEqual(atTheMoment.toImage());
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a point taken on another disk', async () => {
    const one = await diskWithDurableDir();
    const other = await diskWithDurableDir();
    expect(() => other.crashCloneAt(one.crashPoint())).toThrow(/another disk/);
  });

  it('a post-crash disk from a point works as a disk, and keeps nothing pending', async () => {
    const fs = await diskWithDurableDir();
    await fs.writeFile('/d/x', 'pending');
    const point = fs.crashPoint();
    await fs.unlink('/d/x');
    const next = fs.crashCloneAt(point, { profile: 'process' });
    expect(new TextDecoder().decode(await next.readFile('/d/x'))).toBe('pending');
    expect(next.pendingOperations()).toEqual([]);
  });
});
