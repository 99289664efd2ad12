import { describe, expect, it } from 'vitest';
import { SimFs } from '../../sim/disk/index.js';
import { canonicalImage, checkLitmus, compareStates, normalizeState } from './harness.js';
import type { LitmusTest } from './harness.js';
import { STALE, cross, file, sectorVersions, writeOutcomes } from './sets.js';
import { durableTree, pwrite } from './steps.js';

/** The litmus harness itself: canonical states, set comparison, and the set builders. */

describe('canonical states', () => {
  it('sorts paths, marks directories and escapes bytes', async () => {
    const fs = new SimFs();
    await fs.mkdir('/d');
    await fs.writeFile('/d/b', Uint8Array.of(0x61, 0, 0x22, 0x5c, 0x20, 0xff));
    await fs.writeFile('/a', '');
    expect(canonicalImage(fs.toImage())).toBe('/a="" /d/ /d/b="a\\0\\"\\\\\\x20\\xff"');
    expect(canonicalImage(new SimFs().toImage())).toBe('(empty)');
  });

  it('normalizes the token order of expected states', () => {
    expect(normalizeState('/d/f="x" /d/')).toBe('/d/ /d/f="x"');
    expect(normalizeState('')).toBe('(empty)');
  });
});

describe('comparing sets', () => {
  it('reports both missing and extra states', () => {
    expect(compareStates(['/a=""', '/b=""'], ['/b=""', '/c=""'])).toEqual({ missing: ['/a=""'], extra: ['/c=""'] });
  });

  it('lets a stale byte match any byte, and does not require stale states', () => {
    const stale = file('/f', `ab${STALE}`);
    expect(stale).toBe('/f="ab\\*"');
    expect(compareStates([stale], ['/f="ab\\x8e"', '/f="abc"', '/f="ab\\0"'])).toEqual({ missing: [], extra: [] });
    expect(compareStates([stale], ['/f="abcd"'])).toEqual({ missing: [], extra: ['/f="abcd"'] });
    expect(compareStates([stale, '/f=""'], [])).toEqual({ missing: ['/f=""'], extra: [] });
  });

  it('fails a test whose expected set is wrong, printing both sets', async () => {
    const wrong: LitmusTest = {
      name: 'deliberately wrong',
      rule: 'harness self-test',
      setup: (fs) => durableTree(fs, { '/f': 'aaaa' }),
      run: (fs) => pwrite(fs, '/f', 0, 'bbbb'),
      expected: {
        posix: { states: [file('/f', 'aaaa'), file('/f', 'cccc')], sources: ['alice'], summary: 'wrong on purpose' },
        'ext4-ordered': { states: [], sources: ['alice'], summary: 'wrong on purpose' },
        process: { states: [file('/f', 'bbbb')], sources: ['killProcess'], summary: 'right' },
      },
    };
    await expect(checkLitmus(wrong, 'posix')).rejects.toThrow(/missing \(allowed, never produced\) \(1\):\n {4}\/f="cccc"\n {2}extra \(produced, not allowed\) \(1\):\n {4}\/f="bbbb"/);
    await expect(checkLitmus(wrong, 'process')).resolves.toBeUndefined();
  });

  it('refuses a setup that leaves operations pending', async () => {
    const unsynced: LitmusTest = {
      name: 'unsynced setup',
      rule: 'harness self-test',
      setup: async (fs) => void (await fs.mkdir('/d')),
      run: async () => undefined,
      expected: {
        posix: { states: [], sources: ['alice'], summary: '' },
        'ext4-ordered': { states: [], sources: ['alice'], summary: '' },
        process: { states: [], sources: ['alice'], summary: '' },
      },
    };
    await expect(checkLitmus(unsynced, 'posix')).rejects.toThrow(/setup left operations pending/);
  });
});

describe('set builders', () => {
  it('cross builds every combination, (empty) for none', () => {
    expect(cross(['', '/a/'], ['', '/b/'])).toEqual(['(empty)', '/b/', '/a/', '/a/ /b/']);
  });

  it('sectorVersions picks one version per sector', () => {
    expect(sectorVersions(['aaaaaaaa', 'baaaaaaa', 'bcaaaaaa'])).toEqual(['aaaaaaaa', 'baaaaaaa', 'bcaaaaaa']);
    expect(sectorVersions(['aaaaaaaa', 'bbbbbbbb'])).toHaveLength(4);
  });

  it('writeOutcomes: ordered appends are sector prefixes; posix adds zeros and stale sectors', () => {
    expect(writeOutcomes('', 0, 'abcdefgh', 'ordered')).toEqual(['', 'abcd', 'abcdefgh']);
    const posix = writeOutcomes('', 0, 'abcdefgh', 'posix');
    expect(posix).toEqual(expect.arrayContaining(['', 'abcd', 'abcd\0\0\0\0', '\0\0\0\0efgh', 'abcdefgh', '\0'.repeat(8)]));
    expect(posix).not.toContain('efgh');
    // A hole is never stale: only the written sector may be.
    expect(writeOutcomes('abcd', 8, 'wxyz', 'posix')).toEqual(['abcd', 'abcd\0\0\0\0wxyz', `abcd${'\0'.repeat(8)}`, `abcd\0\0\0\0${STALE.repeat(4)}`]);
  });
});
