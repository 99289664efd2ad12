import type { LitmusTest } from '../harness.js';
import { cross, file, files, writeOutcomes } from '../sets.js';
import { durableTree, syncPath, put, putSynced } from '../steps.js';
import { allow, processKeeps } from './common.js';

/** Creating files and directories: what fsync of the file, and of its directory, make durable. */

const DATA = 'abcdefgh'; // two 4-byte sectors
const D = '/d/';
const FILE_SURVIVES = cross([D], [file('/d/f', DATA)]);

export const createTests: readonly LitmusTest[] = [
  {
    name: 'create+write+fsync, parent not synced',
    rule: 'fsync of a new file: its name',
    setup: (fs) => durableTree(fs, { '/d/': '' }),
    run: (fs) => putSynced(fs, '/d/f', DATA),
    expected: {
      posix: allow(cross([D], ['', file('/d/f', DATA)]), ['fsync', 'alice'], 'the name may be lost until the directory is fsynced'),
      'ext4-ordered': allow(
        FILE_SURVIVES,
        ['ext4Journal', 'b3'],
        'fsync commits the journal, with every earlier name operation',
        'fsync(2) promises only the data. ext4 commits the running transaction on fsync, and it holds the create; B3 (CrashMonkey) expects this of ext4, xfs and btrfs, and ext2 does not do it.',
      ),
      process: processKeeps(...FILE_SURVIVES),
    },
  },
  {
    name: 'create+write, nothing synced',
    rule: 'unsynced create and write',
    setup: (fs) => durableTree(fs, { '/d/': '' }),
    run: (fs) => put(fs, '/d/f', DATA),
    expected: {
      posix: allow(
        cross([D], ['', ...files('/d/f', writeOutcomes('', 0, DATA, 'posix'))]),
        ['posixFsync', 'alice'],
        'absent, or any subset of its sectors; a persisted size may show zeros or stale bytes',
      ),
      'ext4-ordered': allow(
        cross([D], ['', ...files('/d/f', writeOutcomes('', 0, DATA, 'ordered'))]),
        ['ext4', 'alice'],
        'absent, empty or a sector prefix: never zeros or stale bytes',
        'data=ordered writes data blocks before the metadata (size, extents) that exposes them; with delayed allocation the size grows as writeback proceeds, so a prefix may persist.',
      ),
      process: processKeeps(...FILE_SURVIVES),
    },
  },
  {
    name: 'create+write+fsync, then fsync of the parent',
    rule: 'fsync of a new file: its name',
    setup: (fs) => durableTree(fs, { '/d/': '' }),
    run: async (fs) => {
      await putSynced(fs, '/d/f', DATA);
      await syncPath(fs, '/d');
    },
    expected: {
      posix: allow(FILE_SURVIVES, ['fsync'], 'durable once the directory is fsynced too'),
      'ext4-ordered': allow(FILE_SURVIVES, ['fsync'], 'durable once the directory is fsynced too'),
      process: processKeeps(...FILE_SURVIVES),
    },
  },
  {
    name: 'nested mkdir, only the new parent fsynced',
    rule: 'new directories',
    run: async (fs) => {
      await fs.mkdir('/a');
      await fs.mkdir('/a/b');
      await syncPath(fs, '/a');
    },
    expected: {
      posix: allow(['(empty)', '/a/ /a/b/'], ['fsync', 'alice'], "a directory's name needs an fsync of its parent"),
      'ext4-ordered': allow(
        ['/a/ /a/b/'],
        ['ext4Journal', 'xfstests'],
        'fsync of a directory commits the journal, with every earlier name operation',
        'xfstests generic/321 expects a new directory fsynced (its parent not) to survive on journalling filesystems.',
      ),
      process: processKeeps('/a/ /a/b/'),
    },
  },
  {
    name: 'nested mkdir, nothing synced',
    rule: 'new directories',
    run: async (fs) => {
      await fs.mkdir('/a');
      await fs.mkdir('/a/b');
      await fs.mkdir('/a/b/c');
    },
    expected: {
      posix: allow(['(empty)', '/a/', '/a/ /a/b/', '/a/ /a/b/ /a/b/c/'], ['alice'], 'each level kept or lost; a lost level hides what is under it'),
      'ext4-ordered': allow(['(empty)', '/a/', '/a/ /a/b/', '/a/ /a/b/ /a/b/c/'], ['ext4Journal'], 'a prefix of the journal'),
      process: processKeeps('/a/ /a/b/ /a/b/c/'),
    },
  },
  {
    name: 'new directory and file, both fsynced, root not',
    rule: 'new directories',
    run: async (fs) => {
      await fs.mkdir('/d');
      await putSynced(fs, '/d/f', 'abcd');
      await syncPath(fs, '/d');
    },
    expected: {
      posix: allow(['(empty)', '/d/ /d/f="abcd"'], ['fsync', 'alice'], "a directory's name needs an fsync of its parent"),
      'ext4-ordered': allow(['/d/ /d/f="abcd"'], ['ext4Journal'], 'fsync of a directory commits the journal, with every earlier name operation'),
      process: processKeeps('/d/ /d/f="abcd"'),
    },
  },
  {
    name: 'mkdir and create inside it, only the file fsynced',
    rule: 'fsync of a new file: its name',
    run: async (fs) => {
      await fs.mkdir('/d');
      await putSynced(fs, '/d/f', 'abcd');
    },
    expected: {
      posix: allow(['(empty)', '/d/', '/d/ /d/f="abcd"'], ['fsync', 'alice'], 'the name may be lost until the directory is fsynced'),
      'ext4-ordered': allow(['/d/ /d/f="abcd"'], ['ext4Journal', 'b3'], 'fsync commits the journal, with every earlier name operation'),
      process: processKeeps('/d/ /d/f="abcd"'),
    },
  },
];
