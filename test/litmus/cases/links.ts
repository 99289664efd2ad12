import type { LitmusTest } from '../harness.js';
import { files, writeOutcomes } from '../sets.js';
import { bytesOf, durableTree, put, withHandle } from '../steps.js';
import { allow, processKeeps } from './common.js';

/** Hard links and unlink, including unlink of a file that is still open. */

const F = '/f="abcd"';
const G = '/g="abcd"';

export const linkTests: readonly LitmusTest[] = [
  {
    name: 'link, unsynced',
    rule: 'link, unlink and rmdir',
    setup: (fs) => durableTree(fs, { '/f': 'abcd' }),
    run: (fs) => fs.link('/f', '/g'),
    expected: {
      posix: allow([F, `${F} ${G}`], ['fsync', 'alice'], 'kept or lost'),
      'ext4-ordered': allow([F, `${F} ${G}`], ['ext4Journal'], 'kept or lost'),
      process: processKeeps(`${F} ${G}`),
    },
  },
  {
    name: 'unlink, unsynced',
    rule: 'link, unlink and rmdir',
    setup: (fs) => durableTree(fs, { '/f': 'abcd' }),
    run: (fs) => fs.unlink('/f'),
    expected: {
      posix: allow([F, '(empty)'], ['fsync', 'alice'], 'kept or lost'),
      'ext4-ordered': allow([F, '(empty)'], ['ext4Journal'], 'kept or lost'),
      process: processKeeps('(empty)'),
    },
  },
  {
    name: 'link, then unlink of the old name',
    rule: 'order of unsynced name operations',
    setup: (fs) => durableTree(fs, { '/f': 'abcd' }),
    run: async (fs) => {
      await fs.link('/f', '/g');
      await fs.unlink('/f');
    },
    expected: {
      posix: allow(
        [F, `${F} ${G}`, G, '(empty)'],
        ['alice'],
        'each kept or lost, in any order',
        'With the unlink kept and the link lost the file has no name left: ALICE reports such reorderings on filesystems without ordered metadata.',
      ),
      'ext4-ordered': allow([F, `${F} ${G}`, G], ['ext4Journal'], 'a prefix of their order (the journal)'),
      process: processKeeps(G),
    },
  },
  {
    name: 'unlink of an open file, then write and fsync through its handle',
    rule: 'unlink of an open file',
    setup: (fs) => durableTree(fs, { '/f': 'abcd' }),
    run: (fs) =>
      withHandle(fs, '/f', 'r+', async (handle) => {
        await fs.unlink('/f');
        await handle.write(bytesOf('zz'), 0, 2, 0);
        await handle.sync();
      }),
    expected: {
      posix: allow(
        ['(empty)', '/f="zzcd"'],
        ['fsync', 'posixFsync'],
        'the name is kept or lost; if kept, it shows the synced data',
        'The open handle keeps the inode alive; its fsync makes the data durable, but the name operation is the directory\'s.',
      ),
      'ext4-ordered': allow(['(empty)'], ['ext4Journal'], 'gone: the fsync commits the journal, unlink included'),
      process: processKeeps('(empty)'),
    },
  },
  {
    name: 'link, then fsync of the file through its new name',
    rule: 'fsync of a file: earlier name operations',
    setup: (fs) => durableTree(fs, { '/f': 'abcd' }),
    run: async (fs) => {
      await fs.link('/f', '/g');
      await withHandle(fs, '/g', 'r', (handle) => handle.sync());
    },
    expected: {
      posix: allow([F, `${F} ${G}`], ['fsync'], 'not made durable by a file fsync'),
      'ext4-ordered': allow([`${F} ${G}`], ['ext4Journal'], 'made durable: the fsync commits the journal'),
      process: processKeeps(`${F} ${G}`),
    },
  },
  {
    name: 'unlink, then a new file under the same name',
    rule: 'link, unlink and rmdir',
    setup: (fs) => durableTree(fs, { '/f': 'abcd' }),
    run: async (fs) => {
      await fs.unlink('/f');
      await put(fs, '/f', 'wxyz');
    },
    expected: {
      posix: allow(
        [F, '(empty)', ...files('/f', writeOutcomes('', 0, 'wxyz', 'posix'))],
        ['alice'],
        'each kept or lost; a new file under the name may hold any part of its data',
      ),
      'ext4-ordered': allow([F, '(empty)', ...files('/f', writeOutcomes('', 0, 'wxyz', 'ordered'))], ['ext4Journal', 'ext4'], 'a prefix of the journal'),
      process: processKeeps('/f="wxyz"'),
    },
  },
];
