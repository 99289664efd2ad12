import type { LitmusTest } from '../harness.js';
import { cross, file, files, writeOutcomes } from '../sets.js';
import { durableTree, syncPath, put, putSynced } from '../steps.js';
import { allow, processKeeps } from './common.js';

/** Renames of files: over an existing file, to a fresh name, their order, and what fsync commits. */

const OLD = file('/f', 'old1');
const NEW = file('/f', 'new2');
const FRESH_AT_T = writeOutcomes('', 0, 'new2', 'posix');
const ORDERED_AT_T = writeOutcomes('', 0, 'new2', 'ordered');

export const renameTests: readonly LitmusTest[] = [
  {
    name: 'rename over an existing file, new file not fsynced',
    rule: 'rename over an existing file',
    setup: (fs) => durableTree(fs, { '/f': 'old1' }),
    run: async (fs) => {
      await put(fs, '/t', 'new2');
      await fs.rename('/t', '/f');
    },
    expected: {
      posix: allow(
        [OLD, ...cross([OLD], files('/t', FRESH_AT_T)), ...files('/f', FRESH_AT_T)],
        ['rename', 'alice'],
        'old or new name; the new file may hold any part of its unsynced data',
        'rename(2) is atomic for other processes, not across a crash: without an fsync of the new file first, ALICE finds the replaced file empty or partial on ext4 data=writeback, btrfs and others.',
      ),
      'ext4-ordered': allow(
        [OLD, ...cross([OLD], files('/t', ORDERED_AT_T)), NEW],
        ['ext4', 'alice'],
        'the replacing file is whole (auto_da_alloc flushes it before the rename commits)',
        'ext4 auto_da_alloc (on by default) flushes the data of a file renamed over another before the rename commits; with noauto_da_alloc the file may be empty, as under posix.',
      ),
      process: processKeeps(NEW),
    },
  },
  {
    name: 'rename over an existing file after fsync of the new file',
    rule: 'rename over an existing file',
    setup: (fs) => durableTree(fs, { '/f': 'old1' }),
    run: async (fs) => {
      await putSynced(fs, '/t', 'new2');
      await fs.rename('/t', '/f');
    },
    expected: {
      posix: allow([OLD, `${OLD} ${file('/t', 'new2')}`, NEW], ['rename', 'fsync'], 'the old file or the whole new one (rename is atomic)'),
      'ext4-ordered': allow(
        [`${OLD} ${file('/t', 'new2')}`, NEW],
        ['ext4Journal', 'rename'],
        'the old file or the whole new one (rename is atomic)',
        'The fsync of /t committed the journal with its create, so /t exists if the rename is lost.',
      ),
      process: processKeeps(NEW),
    },
  },
  {
    name: 'rename to a fresh name, new file not fsynced',
    rule: 'rename to a fresh name',
    setup: (fs) => durableTree(fs, { '/d/': '' }),
    run: async (fs) => {
      await put(fs, '/d/t', 'new2');
      await fs.rename('/d/t', '/d/x');
    },
    expected: {
      posix: allow(
        ['/d/', ...cross(['/d/'], files('/d/t', FRESH_AT_T)), ...cross(['/d/'], files('/d/x', FRESH_AT_T))],
        ['rename', 'alice'],
        'either name, with any part of the unsynced data',
      ),
      'ext4-ordered': allow(
        ['/d/', ...cross(['/d/'], files('/d/t', ORDERED_AT_T)), ...cross(['/d/'], files('/d/x', ORDERED_AT_T))],
        ['ext4', 'alice'],
        'the new name may survive with the file still empty',
        'auto_da_alloc acts only when a rename replaces an existing file; a rename to a fresh name does not order the delayed-allocation data before it.',
      ),
      process: processKeeps('/d/ /d/x="new2"'),
    },
  },
  {
    name: 'rename to a fresh name after fsync, then fsync of the directory',
    rule: 'rename to a fresh name',
    setup: (fs) => durableTree(fs, { '/d/': '' }),
    run: async (fs) => {
      await putSynced(fs, '/d/t', 'new2');
      await fs.rename('/d/t', '/d/x');
      await syncPath(fs, '/d');
    },
    expected: {
      posix: allow(['/d/ /d/x="new2"'], ['rename', 'fsync'], 'durable once the directory is fsynced'),
      'ext4-ordered': allow(['/d/ /d/x="new2"'], ['rename', 'fsync'], 'durable once the directory is fsynced'),
      process: processKeeps('/d/ /d/x="new2"'),
    },
  },
  {
    name: 'two renames in two directories',
    rule: 'order of unsynced name operations',
    setup: (fs) => durableTree(fs, { '/a/': '', '/b/': '', '/a/f': '1111', '/b/g': '2222' }),
    run: async (fs) => {
      await fs.rename('/a/f', '/a/f2');
      await fs.rename('/b/g', '/b/g2');
    },
    expected: {
      posix: allow(
        cross(['/a/ /b/'], [file('/a/f', '1111'), file('/a/f2', '1111')], [file('/b/g', '2222'), file('/b/g2', '2222')]),
        ['alice'],
        'each kept or lost, in any order',
        'ALICE observed reordered directory operations on ext4 data=writeback and btrfs; POSIX promises no order.',
      ),
      'ext4-ordered': allow(
        [
          `/a/ /b/ ${file('/a/f', '1111')} ${file('/b/g', '2222')}`,
          `/a/ /b/ ${file('/a/f2', '1111')} ${file('/b/g', '2222')}`,
          `/a/ /b/ ${file('/a/f2', '1111')} ${file('/b/g2', '2222')}`,
        ],
        ['ext4Journal', 'alice'],
        'a prefix of their order (the journal)',
      ),
      process: processKeeps(`/a/ /b/ ${file('/a/f2', '1111')} ${file('/b/g2', '2222')}`),
    },
  },
  {
    name: 'rename, then fsync of the renamed file',
    rule: 'fsync of a file: earlier name operations',
    setup: (fs) => durableTree(fs, { '/d/': '', '/d/a': 'abcd' }),
    run: async (fs) => {
      await fs.rename('/d/a', '/d/b');
      await syncPath(fs, '/d/b');
    },
    expected: {
      posix: allow(['/d/ /d/a="abcd"', '/d/ /d/b="abcd"'], ['fsync'], 'not made durable by a file fsync'),
      'ext4-ordered': allow(
        ['/d/ /d/b="abcd"'],
        ['ext4Journal', 'xfstests', 'b3'],
        'made durable: the fsync commits the journal',
        'The rename dirtied the inode (ctime) in the running transaction, which its fsync commits. B3 and xfstests generic/322 (rename then fsync) expect the new name to survive.',
      ),
      process: processKeeps('/d/ /d/b="abcd"'),
    },
  },
  {
    name: 'fsync of a directory, earlier create in another directory',
    rule: 'fsync of a directory: earlier name operations',
    setup: (fs) => durableTree(fs, { '/a/': '', '/b/': '' }),
    run: async (fs) => {
      await put(fs, '/a/x', '');
      await put(fs, '/b/y', '');
      await syncPath(fs, '/b');
    },
    expected: {
      posix: allow(['/a/ /b/ /b/y=""', '/a/ /a/x="" /b/ /b/y=""'], ['fsync'], 'only its own entries become durable'),
      'ext4-ordered': allow(['/a/ /a/x="" /b/ /b/y=""'], ['ext4Journal'], 'commits the journal: every earlier name operation too'),
      process: processKeeps('/a/ /a/x="" /b/ /b/y=""'),
    },
  },
  {
    name: 'rename over an existing file, fsync of the file and of the directory',
    rule: 'rename over an existing file',
    setup: (fs) => durableTree(fs, { '/f': 'old1' }),
    run: async (fs) => {
      await putSynced(fs, '/t', 'new2');
      await fs.rename('/t', '/f');
      await syncPath(fs, '/');
    },
    expected: {
      posix: allow([NEW], ['rename', 'fsync'], 'durable once the directory is fsynced'),
      'ext4-ordered': allow([NEW], ['rename', 'fsync'], 'durable once the directory is fsynced'),
      process: processKeeps(NEW),
    },
  },
  {
    name: 'rename there and back',
    rule: 'order of unsynced name operations',
    setup: (fs) => durableTree(fs, { '/a': 'abcd' }),
    run: async (fs) => {
      await fs.rename('/a', '/b');
      await fs.rename('/b', '/a');
    },
    expected: {
      posix: allow(['/a="abcd"', '/b="abcd"'], ['rename', 'alice'], 'each kept or lost, in any order'),
      'ext4-ordered': allow(['/a="abcd"', '/b="abcd"'], ['ext4Journal'], 'a prefix of their order (the journal)'),
      process: processKeeps('/a="abcd"'),
    },
  },
];
