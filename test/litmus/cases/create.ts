import type { LitmusTest } from '../harness.js';
import { cross, file, files, writeOutcomes } from '../sets.js';
import { durableTree, fsyncPath, put, putSynced } from '../steps.js';

/** Creating files: what fsync of the file, and of its directory, make durable. */

const DATA = 'abcdefgh'; // two 4-byte sectors

export const createTests: readonly LitmusTest[] = [
  {
    name: 'create+write+fsync, parent not synced',
    rule: 'fsync of a new file: its name',
    setup: (fs) => durableTree(fs, { '/d/': '' }),
    run: (fs) => putSynced(fs, '/d/f', DATA),
    expected: {
      posix: {
        states: cross(['/d/'], ['', file('/d/f', DATA)]),
        sources: ['fsync', 'alice'],
        summary: 'the file may vanish (its name needs an fsync of the directory)',
      },
      'ext4-ordered': {
        states: cross(['/d/'], [file('/d/f', DATA)]),
        sources: ['ext4Journal', 'alice', 'b3'],
        summary: 'the file survives: the fsync commits the journal transaction holding its creation',
        note: 'fsync(2) promises only the data; ext4 commits the whole running transaction on fsync, which includes the create (ALICE and B3 rely on this ext4 behaviour; other filesystems such as ext2 do not).',
      },
      process: { states: cross(['/d/'], [file('/d/f', DATA)]), sources: ['killProcess'], summary: 'survives' },
    },
  },
  {
    name: 'create+write, nothing synced',
    rule: 'unsynced create and write',
    setup: (fs) => durableTree(fs, { '/d/': '' }),
    run: (fs) => put(fs, '/d/f', DATA),
    expected: {
      posix: {
        states: cross(['/d/'], ['', ...files('/d/f', writeOutcomes('', 0, DATA, 'posix'))]),
        sources: ['posixFsync', 'alice'],
        summary: 'absent, or any subset of its sectors, or its size with zeros or stale bytes',
      },
      'ext4-ordered': {
        states: cross(['/d/'], ['', ...files('/d/f', writeOutcomes('', 0, DATA, 'ordered'))]),
        sources: ['ext4', 'alice'],
        summary: 'absent, empty, or a sector prefix of the data (never zeros or stale bytes)',
      },
      process: { states: cross(['/d/'], [file('/d/f', DATA)]), sources: ['killProcess'], summary: 'survives' },
    },
  },
  {
    name: 'create+write+fsync, then fsync of the parent',
    rule: 'fsync of a new file: its name',
    setup: (fs) => durableTree(fs, { '/d/': '' }),
    run: async (fs) => {
      await putSynced(fs, '/d/f', DATA);
      await fsyncPath(fs, '/d');
    },
    expected: {
      posix: { states: cross(['/d/'], [file('/d/f', DATA)]), sources: ['fsync'], summary: 'survives once the directory is synced' },
      'ext4-ordered': { states: cross(['/d/'], [file('/d/f', DATA)]), sources: ['fsync'], summary: 'survives' },
      process: { states: cross(['/d/'], [file('/d/f', DATA)]), sources: ['killProcess'], summary: 'survives' },
    },
  },
];
