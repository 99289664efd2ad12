import type { LitmusTest } from '../harness.js';
import { cross, fill, files, sectorMixes, sectorVersions, writeOutcomes, writesOutcomes } from '../sets.js';
import { bytesOf, durableTree, pwrite, put, withHandle } from '../steps.js';
import { allow, processKeeps } from './common.js';

/** File data: overwrites of durable data, torn sectors, several writes in a sector, appends, holes. */

const A8 = 'aaaaaaaa';
const A32 = fill('a', 32); // eight sectors
const B32 = fill('b', 32);
const ALPHABET24 = 'abcdefghijklmnopqrstuvwx'; // six sectors
const TORN_NOTE = 'A sector is the unit a disk writes atomically; the page cache writes back pages in any order, so a crash keeps any subset of a write\'s sectors (ALICE, B3).';

export const dataTests: readonly LitmusTest[] = [
  {
    name: 'overwrite of durable data, one sector',
    rule: 'overwrites of durable data',
    setup: (fs) => durableTree(fs, { '/f': A8 }),
    run: (fs) => pwrite(fs, '/f', 4, 'bbbb'),
    expected: {
      posix: allow(files('/f', [A8, 'aaaabbbb']), ['posixFsync', 'alice'], 'each sector old or new, independently'),
      'ext4-ordered': allow(files('/f', [A8, 'aaaabbbb']), ['ext4', 'alice'], 'each sector old or new, independently'),
      process: processKeeps(...files('/f', ['aaaabbbb'])),
    },
  },
  {
    name: 'overwrite of two sectors, torn',
    rule: 'overwrites of durable data',
    setup: (fs) => durableTree(fs, { '/f': A8 }),
    run: (fs) => pwrite(fs, '/f', 0, 'bbbbbbbb'),
    expected: {
      posix: allow(files('/f', sectorMixes(A8, 'bbbbbbbb')), ['alice', 'b3'], 'each sector old or new, independently', TORN_NOTE),
      'ext4-ordered': allow(files('/f', sectorMixes(A8, 'bbbbbbbb')), ['ext4', 'alice'], 'each sector old or new, independently'),
      process: processKeeps(...files('/f', ['bbbbbbbb'])),
    },
  },
  {
    name: 'overwrite spanning eight sectors, torn into any subset',
    rule: 'overwrites of durable data',
    setup: (fs) => durableTree(fs, { '/f': A32 }),
    run: (fs) => pwrite(fs, '/f', 0, B32),
    expected: {
      posix: allow(files('/f', sectorMixes(A32, B32)), ['alice', 'b3'], 'each sector old or new, independently', TORN_NOTE),
      'ext4-ordered': allow(
        files('/f', sectorMixes(A32, B32)),
        ['ext4', 'alice'],
        'each sector old or new, independently',
        'data=ordered orders data before the metadata that exposes it; an overwrite of allocated blocks changes no metadata, so nothing orders its sectors.',
      ),
      process: processKeeps(...files('/f', [B32])),
    },
  },
  {
    name: 'overwrite, then a create that the journal commits',
    rule: 'overwrites of durable data',
    setup: (fs) => durableTree(fs, { '/f': 'aaaa', '/d/': '' }),
    run: async (fs) => {
      await pwrite(fs, '/f', 0, 'bbbb');
      await put(fs, '/d/x', '');
    },
    expected: {
      posix: allow(cross(['/d/'], ['', '/d/x=""'], files('/f', ['aaaa', 'bbbb'])), ['alice'], 'each sector old or new, independently'),
      'ext4-ordered': allow(
        cross(['/d/'], ['', '/d/x=""'], files('/f', ['aaaa', 'bbbb'])),
        ['ext4', 'alice'],
        'not ordered against later journal commits',
        'data=ordered flushes only data whose blocks the committing transaction allocates; an overwrite in place may reach the disk before or after any commit.',
      ),
      process: processKeeps(...cross(['/d/ /d/x=""'], files('/f', ['bbbb']))),
    },
  },
  {
    name: 'several writes within one sector',
    rule: 'several writes in one sector',
    setup: (fs) => durableTree(fs, { '/f': A8 }),
    run: async (fs) => {
      await pwrite(fs, '/f', 0, 'b');
      await pwrite(fs, '/f', 1, 'c');
    },
    expected: {
      posix: allow(
        files('/f', sectorVersions([A8, 'baaaaaaa', 'bcaaaaaa'])),
        ['alice', 'ferrite'],
        'a sector holds a version it had in the page cache, never a mix of writes that never coexisted',
        'The page cache holds one version of the sector at a time and writes it whole; "acaaaaaa" never existed in memory, so no crash can produce it.',
      ),
      'ext4-ordered': allow(files('/f', sectorVersions([A8, 'baaaaaaa', 'bcaaaaaa'])), ['alice', 'ferrite'], 'a sector holds a version it had in the page cache, never a mix of writes that never coexisted'),
      process: processKeeps(...files('/f', ['bcaaaaaa'])),
    },
  },
  {
    name: 'two writes in two sectors persist independently',
    rule: 'several writes in one sector',
    setup: (fs) => durableTree(fs, { '/f': A8 }),
    run: async (fs) => {
      await pwrite(fs, '/f', 0, 'bbbb');
      await pwrite(fs, '/f', 4, 'cccc');
    },
    expected: {
      posix: allow(files('/f', [A8, 'bbbbaaaa', 'aaaacccc', 'bbbbcccc']), ['alice'], 'each sector old or new, independently'),
      'ext4-ordered': allow(files('/f', [A8, 'bbbbaaaa', 'aaaacccc', 'bbbbcccc']), ['alice'], 'each sector old or new, independently'),
      process: processKeeps(...files('/f', ['bbbbcccc'])),
    },
  },
  {
    name: 'O_APPEND, two appends',
    rule: 'extending writes (appends, holes)',
    setup: (fs) => durableTree(fs, { '/f': 'abcd' }),
    run: (fs) =>
      withHandle(fs, '/f', 'a', async (handle) => {
        await handle.write(bytesOf('efgh'));
        await handle.write(bytesOf('ijkl'));
      }),
    expected: {
      posix: allow(
        files('/f', writesOutcomes('abcd', [[4, 'efgh'], [8, 'ijkl']], 'posix')),
        ['posixWrite', 'alice'],
        'any persisted size; each new sector below it holds its data or zeros (or stale bytes)',
        'ALICE: appends are not atomic and may persist with zeros or garbage on ext4 data=writeback and other filesystems that do not order data.',
      ),
      'ext4-ordered': allow(
        files('/f', writesOutcomes('abcd', [[4, 'efgh'], [8, 'ijkl']], 'ordered')),
        ['ext4', 'alice'],
        'a sector prefix of the appended data, never zeros or stale bytes',
      ),
      process: processKeeps(...files('/f', ['abcdefghijkl'])),
    },
  },
  {
    name: 'create, then append to another file',
    rule: 'extending writes (appends, holes)',
    setup: (fs) => durableTree(fs, { '/d/': '', '/f': 'abcd' }),
    run: async (fs) => {
      await put(fs, '/d/x', '');
      await withHandle(fs, '/f', 'a', (handle) => handle.write(bytesOf('efgh')).then(() => undefined));
    },
    expected: {
      posix: allow(
        cross(['/d/'], ['', '/d/x=""'], files('/f', writeOutcomes('abcd', 4, 'efgh', 'posix'))),
        ['posixWrite', 'alice'],
        'any persisted size; each new sector below it holds its data or zeros (or stale bytes)',
      ),
      'ext4-ordered': allow(
        ['/d/ /f="abcd"', '/d/ /d/x="" /f="abcd"', '/d/ /d/x="" /f="abcdefgh"'],
        ['ext4', 'ext4Journal'],
        'an append is exposed only with every name operation before it (its size commits later in the journal)',
        'With delayed allocation the new size is journalled when writeback allocates the blocks, in a transaction no earlier than the write; the journal commits transactions in order.',
      ),
      process: processKeeps('/d/ /d/x="" /f="abcdefgh"'),
    },
  },
  {
    name: 'append of six sectors to an empty file',
    rule: 'extending writes (appends, holes)',
    setup: (fs) => durableTree(fs, { '/f': '' }),
    run: (fs) => pwrite(fs, '/f', 0, ALPHABET24),
    expected: {
      posix: allow(files('/f', writeOutcomes('', 0, ALPHABET24, 'posix')), ['posixWrite', 'alice'], 'any persisted size; each new sector below it holds its data or zeros (or stale bytes)'),
      'ext4-ordered': allow(files('/f', writeOutcomes('', 0, ALPHABET24, 'ordered')), ['ext4', 'alice'], 'a sector prefix of the appended data, never zeros or stale bytes'),
      process: processKeeps(...files('/f', [ALPHABET24])),
    },
  },
  {
    name: 'write beyond the end leaves a hole',
    rule: 'extending writes (appends, holes)',
    setup: (fs) => durableTree(fs, { '/f': 'abcd' }),
    run: (fs) => pwrite(fs, '/f', 8, 'wxyz'),
    expected: {
      posix: allow(
        files('/f', writeOutcomes('abcd', 8, 'wxyz', 'posix')),
        ['posixWrite', 'alice'],
        'a hole reads as zeros; the written sector as under appends',
        'POSIX write(): bytes in a gap that was never written read back as zeros.',
      ),
      'ext4-ordered': allow(files('/f', writeOutcomes('abcd', 8, 'wxyz', 'ordered')), ['posixWrite', 'ext4'], 'a hole reads as zeros; the written sector as under appends'),
      process: processKeeps(...files('/f', ['abcd\0\0\0\0wxyz'])),
    },
  },
  {
    name: 'write, fsync, then overwrite unsynced',
    rule: 'overwrites of durable data',
    setup: (fs) => durableTree(fs, { '/f': 'aaaa' }),
    run: (fs) =>
      withHandle(fs, '/f', 'r+', async (handle) => {
        await handle.write(bytesOf('bbbb'), 0, 4, 0);
        await handle.sync();
        await handle.write(bytesOf('cccc'), 0, 4, 0);
      }),
    expected: {
      posix: allow(files('/f', ['bbbb', 'cccc']), ['fsync', 'alice'], 'each sector old or new, independently'),
      'ext4-ordered': allow(files('/f', ['bbbb', 'cccc']), ['fsync', 'ext4'], 'each sector old or new, independently'),
      process: processKeeps(...files('/f', ['cccc'])),
    },
  },
];
