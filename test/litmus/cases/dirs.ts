import type { LitmusTest } from '../harness.js';
import { durableTree, syncPath } from '../steps.js';
import { allow, processKeeps } from './common.js';

/** Directories: renames (including moves under a former child and into new directories), rmdir, moves between directories. */

const TREE_AB = '/a/ /a/b/ /a/b/f="abcd"';
const B_OUT = '/a/ /b/ /b/f="abcd"';
const A_UNDER_B = '/b/ /b/a/ /b/f="abcd"';

export const dirTests: readonly LitmusTest[] = [
  {
    name: 'rename of a directory, unsynced',
    rule: 'rename of directories',
    setup: (fs) => durableTree(fs, { '/a/': '', '/a/f': 'abcd' }),
    run: (fs) => fs.rename('/a', '/b'),
    expected: {
      posix: allow(['/a/ /a/f="abcd"', '/b/ /b/f="abcd"'], ['rename', 'alice'], 'old or new name, with its whole subtree'),
      'ext4-ordered': allow(['/a/ /a/f="abcd"', '/b/ /b/f="abcd"'], ['rename', 'ext4Journal'], 'old or new name, with its whole subtree'),
      process: processKeeps('/b/ /b/f="abcd"'),
    },
  },
  {
    name: "directory moved under its former child's new location",
    rule: 'rename of directories',
    setup: (fs) => durableTree(fs, { '/a/': '', '/a/b/': '', '/a/b/f': 'abcd' }),
    run: async (fs) => {
      await fs.rename('/a/b', '/b');
      await fs.rename('/a', '/b/a');
    },
    expected: {
      posix: allow(
        [TREE_AB, B_OUT, A_UNDER_B],
        ['rename', 'ferrite'],
        'never a detached or cyclic directory: a synced file stays reachable',
        'Keeping the second rename alone would put /a inside /a/b and detach both from the root. No filesystem can persist that: a directory has one parent, and fsck would reattach it, not lose it. Ferrite models directory renames as atomic updates of one tree.',
      ),
      'ext4-ordered': allow([TREE_AB, B_OUT, A_UNDER_B], ['ext4Journal'], 'a prefix of the journal'),
      process: processKeeps(A_UNDER_B),
    },
  },
  {
    name: 'directory moved into a new, unsynced directory',
    rule: 'rename of directories',
    setup: (fs) => durableTree(fs, { '/a/': '', '/a/b/': '', '/a/b/f': 'abcd' }),
    run: async (fs) => {
      await fs.mkdir('/c');
      await fs.rename('/a/b', '/c/b');
    },
    expected: {
      posix: allow(
        [TREE_AB, `${TREE_AB} /c/`, '/a/ /c/ /c/b/ /c/b/f="abcd"'],
        ['rename', 'ferrite'],
        'never a detached or cyclic directory: a synced file stays reachable',
        'Keeping the rename without the mkdir would hang /a/b under a directory the root does not name, losing a synced file; a rename into a directory is persisted no earlier than that directory.',
      ),
      'ext4-ordered': allow([TREE_AB, `${TREE_AB} /c/`, '/a/ /c/ /c/b/ /c/b/f="abcd"'], ['ext4Journal'], 'a prefix of the journal'),
      process: processKeeps('/a/ /c/ /c/b/ /c/b/f="abcd"'),
    },
  },
  {
    name: 'rmdir, unsynced',
    rule: 'link, unlink and rmdir',
    setup: (fs) => durableTree(fs, { '/d/': '' }),
    run: (fs) => fs.rmdir('/d'),
    expected: {
      posix: allow(['/d/', '(empty)'], ['fsync', 'alice'], 'kept or lost'),
      'ext4-ordered': allow(['/d/', '(empty)'], ['ext4Journal'], 'kept or lost'),
      process: processKeeps('(empty)'),
    },
  },
  {
    name: 'rename of a directory over an empty directory',
    rule: 'rename of directories',
    setup: (fs) => durableTree(fs, { '/a/': '', '/b/': '', '/a/f': 'abcd' }),
    run: (fs) => fs.rename('/a', '/b'),
    expected: {
      posix: allow(['/a/ /a/f="abcd" /b/', '/b/ /b/f="abcd"'], ['rename'], 'atomic: the old tree or the new one'),
      'ext4-ordered': allow(['/a/ /a/f="abcd" /b/', '/b/ /b/f="abcd"'], ['rename', 'ext4Journal'], 'atomic: the old tree or the new one'),
      process: processKeeps('/b/ /b/f="abcd"'),
    },
  },
  {
    name: 'file moved to another directory, destination fsynced',
    rule: 'rename of directories',
    setup: (fs) => durableTree(fs, { '/a/': '', '/b/': '', '/a/f': 'abcd' }),
    run: async (fs) => {
      await fs.rename('/a/f', '/b/f');
      await syncPath(fs, '/b');
    },
    expected: {
      posix: allow(
        ['/a/ /b/ /b/f="abcd"'],
        ['rename', 'alice'],
        'durable at its new name only, once the destination is fsynced',
        'A rename is one atomic operation here: syncing either directory persists both of its halves. ext2-like filesystems can keep both names (fsck repairs the link count); crashsim does not model that.',
      ),
      'ext4-ordered': allow(['/a/ /b/ /b/f="abcd"'], ['ext4Journal', 'xfstests'], 'durable at its new name only, once the destination is fsynced'),
      process: processKeeps('/a/ /b/ /b/f="abcd"'),
    },
  },
  {
    name: 'file moved to another directory, source fsynced',
    rule: 'rename of directories',
    setup: (fs) => durableTree(fs, { '/a/': '', '/b/': '', '/a/f': 'abcd' }),
    run: async (fs) => {
      await fs.rename('/a/f', '/b/f');
      await syncPath(fs, '/a');
    },
    expected: {
      posix: allow(['/a/ /b/ /b/f="abcd"'], ['rename'], 'a rename is one operation: fsync of either directory persists it'),
      'ext4-ordered': allow(['/a/ /b/ /b/f="abcd"'], ['ext4Journal'], 'a rename is one operation: fsync of either directory persists it'),
      process: processKeeps('/a/ /b/ /b/f="abcd"'),
    },
  },
  {
    name: 'unlink of the last file, then rmdir',
    rule: 'link, unlink and rmdir',
    setup: (fs) => durableTree(fs, { '/d/': '', '/d/f': 'abcd' }),
    run: async (fs) => {
      await fs.unlink('/d/f');
      await fs.rmdir('/d');
    },
    expected: {
      posix: allow(['/d/ /d/f="abcd"', '/d/', '(empty)'], ['alice'], 'each kept or lost'),
      'ext4-ordered': allow(['/d/ /d/f="abcd"', '/d/', '(empty)'], ['ext4Journal'], 'a prefix of the journal'),
      process: processKeeps('(empty)'),
    },
  },
];
