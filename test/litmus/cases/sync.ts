import type { SimFs } from '../../../sim/disk/index.js';
import type { LitmusTest } from '../harness.js';
import { cross, file, files, writeOutcomes } from '../sets.js';
import { bytesOf, durableTree, put, withHandle } from '../steps.js';
import { allow, processKeeps } from './common.js';

/** Truncation, and what fsync, fdatasync and a second handle make durable. */

const TRUNCATE_NOTE = 'ext4 journals a size change as metadata, in order with name operations; posix orders nothing.';

/** Renames /g to /h, then overwrites /f in place and flushes it with fdatasync or fsync. */
async function renameThenOverwrite(fs: SimFs, flush: 'datasync' | 'sync'): Promise<void> {
  await fs.rename('/g', '/h');
  await withHandle(fs, '/f', 'r+', async (handle) => {
    await handle.write(bytesOf('bbbb'), 0, 4, 0);
    await (flush === 'datasync' ? handle.datasync() : handle.sync());
  });
}

export const syncTests: readonly LitmusTest[] = [
  {
    name: 'ftruncate shrink, unsynced',
    rule: 'truncate',
    setup: (fs) => durableTree(fs, { '/f': 'abcdefgh' }),
    run: (fs) => withHandle(fs, '/f', 'r+', (handle) => handle.truncate(2)),
    expected: {
      posix: allow(files('/f', ['abcdefgh', 'ab']), ['posixFsync', 'alice'], 'old or new size'),
      'ext4-ordered': allow(files('/f', ['abcdefgh', 'ab']), ['ext4Journal'], 'old or new size, in journal order with name operations', TRUNCATE_NOTE),
      process: processKeeps(file('/f', 'ab')),
    },
  },
  {
    name: 'ftruncate grow, unsynced',
    rule: 'truncate',
    setup: (fs) => durableTree(fs, { '/f': 'abcd' }),
    run: (fs) => withHandle(fs, '/f', 'r+', (handle) => handle.truncate(12)),
    expected: {
      posix: allow(files('/f', ['abcd', 'abcd\0\0\0\0\0\0\0\0']), ['posixWrite', 'alice'], 'a grown size reads as zeros'),
      'ext4-ordered': allow(files('/f', ['abcd', 'abcd\0\0\0\0\0\0\0\0']), ['ext4Journal'], 'old or new size, in journal order with name operations'),
      process: processKeeps(file('/f', 'abcd\0\0\0\0\0\0\0\0')),
    },
  },
  {
    name: 'ftruncate then fsync',
    rule: 'truncate',
    setup: (fs) => durableTree(fs, { '/f': 'abcdefgh' }),
    run: (fs) =>
      withHandle(fs, '/f', 'r+', async (handle) => {
        await handle.truncate(2);
        await handle.sync();
      }),
    expected: {
      posix: allow([file('/f', 'ab')], ['fsync'], 'durable after fsync'),
      'ext4-ordered': allow([file('/f', 'ab')], ['fsync'], 'durable after fsync'),
      process: processKeeps(file('/f', 'ab')),
    },
  },
  {
    name: 'open with O_TRUNC, unsynced',
    rule: 'truncate',
    setup: (fs) => durableTree(fs, { '/f': 'abcdefgh' }),
    run: (fs) => put(fs, '/f', ''),
    expected: {
      posix: allow(files('/f', ['abcdefgh', '']), ['posixFsync', 'alice'], 'old or new size'),
      'ext4-ordered': allow(files('/f', ['abcdefgh', '']), ['ext4Journal'], 'old or new size, in journal order with name operations'),
      process: processKeeps(file('/f', '')),
    },
  },
  {
    name: 'rewrite through O_TRUNC, unsynced',
    rule: 'truncate',
    setup: (fs) => durableTree(fs, { '/f': 'old1' }),
    run: (fs) => put(fs, '/f', 'new2'),
    expected: {
      posix: allow(files('/f', ['old1', ...writeOutcomes('', 0, 'new2', 'posix')]), ['alice'], 'old or new size'),
      'ext4-ordered': allow(
        files('/f', ['old1', '', 'new2']),
        ['ext4', 'alice'],
        'the truncated file may survive empty, never with zeros or stale bytes',
        'ext4 auto_da_alloc starts writing a file truncated and rewritten when it is closed, which narrows the window in which a crash leaves it empty but does not close it (ALICE).',
      ),
      process: processKeeps(file('/f', 'new2')),
    },
  },
  {
    name: 'create, then ftruncate of another file',
    rule: 'truncate',
    setup: (fs) => durableTree(fs, { '/d/': '', '/f': 'abcdefgh' }),
    run: async (fs) => {
      await put(fs, '/d/x', '');
      await withHandle(fs, '/f', 'r+', (handle) => handle.truncate(4));
    },
    expected: {
      posix: allow(cross(['/d/'], ['', '/d/x=""'], files('/f', ['abcdefgh', 'abcd'])), ['alice'], 'old or new size'),
      'ext4-ordered': allow(
        ['/d/ /f="abcdefgh"', '/d/ /d/x="" /f="abcdefgh"', '/d/ /d/x="" /f="abcd"'],
        ['ext4Journal'],
        'old or new size, in journal order with name operations',
        TRUNCATE_NOTE,
      ),
      process: processKeeps('/d/ /d/x="" /f="abcd"'),
    },
  },
  {
    name: 'append, then fdatasync',
    rule: 'fdatasync vs fsync',
    setup: (fs) => durableTree(fs, { '/f': 'abcd' }),
    run: (fs) =>
      withHandle(fs, '/f', 'a', async (handle) => {
        await handle.write(bytesOf('efgh'));
        await handle.datasync();
      }),
    expected: {
      posix: allow(
        [file('/f', 'abcdefgh')],
        ['fsync'],
        'fdatasync persists the size a read needs, as fsync does',
        'fsync(2): fdatasync flushes metadata such as the file size when a later read needs it.',
      ),
      'ext4-ordered': allow([file('/f', 'abcdefgh')], ['fsync'], 'fdatasync persists the size a read needs, as fsync does'),
      process: processKeeps(file('/f', 'abcdefgh')),
    },
  },
  {
    name: 'create+write+fdatasync, parent not synced',
    rule: 'fdatasync vs fsync',
    setup: (fs) => durableTree(fs, { '/d/': '' }),
    run: (fs) =>
      withHandle(fs, '/d/f', 'w', async (handle) => {
        await handle.write(bytesOf('abcd'));
        await handle.datasync();
      }),
    expected: {
      posix: allow(['/d/', '/d/ /d/f="abcd"'], ['fsync'], 'names are not made durable'),
      'ext4-ordered': allow(
        ['/d/ /d/f="abcd"'],
        ['fsync', 'ext4Journal'],
        'a size change needs a journal commit, which carries every earlier name operation',
        'fdatasync must persist the new size (fsync(2)); on ext4 that commits the running transaction, which holds the create.',
      ),
      process: processKeeps('/d/ /d/f="abcd"'),
    },
  },
  {
    name: 'rename, overwrite, then fdatasync of the overwritten file',
    rule: 'fdatasync vs fsync',
    setup: (fs) => durableTree(fs, { '/f': 'aaaa', '/g': 'gggg' }),
    run: (fs) => renameThenOverwrite(fs, 'datasync'),
    expected: {
      posix: allow(['/f="bbbb" /g="gggg"', '/f="bbbb" /h="gggg"'], ['fsync'], 'names are not made durable'),
      'ext4-ordered': allow(
        ['/f="bbbb" /g="gggg"', '/f="bbbb" /h="gggg"'],
        ['fsync', 'ext4Journal'],
        'an overwrite needs no metadata, so no journal commit: earlier name operations stay pending',
        'ext4_sync_file waits only for the transaction that last changed metadata a read needs (i_datasync_tid); an in-place overwrite changes none.',
      ),
      process: processKeeps('/f="bbbb" /h="gggg"'),
    },
  },
  {
    name: 'rename, overwrite, then fsync of the overwritten file',
    rule: 'fdatasync vs fsync',
    setup: (fs) => durableTree(fs, { '/f': 'aaaa', '/g': 'gggg' }),
    run: (fs) => renameThenOverwrite(fs, 'sync'),
    expected: {
      posix: allow(['/f="bbbb" /g="gggg"', '/f="bbbb" /h="gggg"'], ['fsync'], 'names are not made durable'),
      'ext4-ordered': allow(['/f="bbbb" /h="gggg"'], ['ext4Journal'], 'fsync commits the journal, with every earlier name operation'),
      process: processKeeps('/f="bbbb" /h="gggg"'),
    },
  },
  {
    name: 'write through one handle, fsync through a second',
    rule: 'sync through another handle',
    setup: (fs) => durableTree(fs, { '/f': 'aaaa' }),
    run: (fs) =>
      withHandle(fs, '/f', 'r+', async (writer) => {
        await writer.write(bytesOf('bbbb'), 0, 4, 0);
        await withHandle(fs, '/f', 'r', (syncer) => syncer.sync());
      }),
    expected: {
      posix: allow([file('/f', 'bbbb')], ['fsync'], "fsync persists the file's data, whichever handle wrote it"),
      'ext4-ordered': allow([file('/f', 'bbbb')], ['fsync'], "fsync persists the file's data, whichever handle wrote it"),
      process: processKeeps(file('/f', 'bbbb')),
    },
  },
  {
    name: 'fsync of one file leaves another file unsynced',
    rule: 'sync through another handle',
    setup: (fs) => durableTree(fs, { '/f': 'aaaa', '/g': 'cccc' }),
    run: async (fs) => {
      await withHandle(fs, '/f', 'r+', (handle) => handle.write(bytesOf('bbbb'), 0, 4, 0).then(() => undefined));
      await withHandle(fs, '/g', 'r+', async (handle) => {
        await handle.write(bytesOf('dddd'), 0, 4, 0);
        await handle.sync();
      });
    },
    expected: {
      posix: allow(cross(files('/f', ['aaaa', 'bbbb']), [file('/g', 'dddd')]), ['fsync'], 'only the synced file is durable'),
      'ext4-ordered': allow(cross(files('/f', ['aaaa', 'bbbb']), [file('/g', 'dddd')]), ['fsync', 'ext4'], 'only the synced file is durable'),
      process: processKeeps(`${file('/f', 'bbbb')} ${file('/g', 'dddd')}`),
    },
  },
  {
    name: 'overwrite, then fdatasync',
    rule: 'fdatasync vs fsync',
    setup: (fs) => durableTree(fs, { '/f': 'aaaa' }),
    run: (fs) =>
      withHandle(fs, '/f', 'r+', async (handle) => {
        await handle.write(bytesOf('bbbb'), 0, 4, 0);
        await handle.datasync();
      }),
    expected: {
      posix: allow([file('/f', 'bbbb')], ['fsync'], 'fdatasync persists the data, as fsync does'),
      'ext4-ordered': allow([file('/f', 'bbbb')], ['fsync'], 'fdatasync persists the data, as fsync does'),
      process: processKeeps(file('/f', 'bbbb')),
    },
  },
];
