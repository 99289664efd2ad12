import type { SimFs } from '../../../sim/disk/index.js';
import type { LitmusTest } from '../harness.js';
import { file } from '../sets.js';
import { bytesOf, durableTree, failsWith, syncPath, put, withHandle } from '../steps.js';
import { allow, processKeeps } from './common.js';

/**
 * fsync failing with EIO (sim/faults `eio-sync`), Linux semantics: the dirty pages are marked clean
 * without being written, so a retried fsync succeeds and the failed data is not on the disk
 * (PostgreSQL's "fsyncgate", 2018). The page cache still holds it: reads see it, a process crash
 * keeps it, and a sector dirtied again is written whole, failed bytes included.
 */

const FIRST_SYNC_OF_F = 'eio-sync:pathIs(/f)&onIndex(0)';
const A8 = 'aaaaaaaa';
const FSYNCGATE_NOTE = 'Linux reports a writeback error once and marks the pages clean; PostgreSQL (2018) found that a retried fsync then succeeds with the data never written.';
const PAGE_NOTE = 'Writeback writes whole pages (sectors here) from the page cache, which still holds the failed bytes; the state depends on which sectors were dirtied again, never on how many bytes were.';

/** Writes `content` at `offset` of /f through `handle`, then fsyncs, expecting EIO. */
async function failedWrite(fs: SimFs, run: (write: (offset: number, content: string) => Promise<void>, sync: (fails: boolean) => Promise<void>) => Promise<void>): Promise<void> {
  await withHandle(fs, '/f', 'r+', async (handle) => {
    const write = async (offset: number, content: string): Promise<void> => {
      await handle.write(bytesOf(content), 0, content.length, offset);
    };
    const sync = (fails: boolean): Promise<void> => (fails ? failsWith(handle.sync(), 'EIO') : handle.sync());
    await run(write, sync);
  });
}

function durableEverywhere(content: string, processContent: string, summary: string, note: string): LitmusTest['expected'] {
  return {
    posix: allow([file('/f', content)], ['fsyncgate', 'writebackErrors'], summary, note),
    'ext4-ordered': allow([file('/f', content)], ['fsyncgate', 'writebackErrors'], summary, note),
    process: allow([file('/f', processContent)], ['fsyncgate', 'killProcess'], 'the page cache survives a process crash, failed data included'),
  };
}

/** A history on durable /f of "aaaaaaaa" whose first fsync of /f fails with EIO, written through `steps`. */
function failedSyncOfF(name: string, steps: Parameters<typeof failedWrite>[1], expected: LitmusTest['expected']): LitmusTest {
  return { name, rule: 'fsync failure (EIO)', setup: (fs) => durableTree(fs, { '/f': A8 }), faults: FIRST_SYNC_OF_F, run: (fs) => failedWrite(fs, steps), expected };
}

export const faultTests: readonly LitmusTest[] = [
  failedSyncOfF(
    'fsync fails with EIO, the retry succeeds',
    async (write, sync) => {
      await write(0, 'bbbb');
      await sync(true);
      await sync(false);
    },
    durableEverywhere(A8, 'bbbbaaaa', 'the failed data is lost, even after a successful retry', FSYNCGATE_NOTE),
  ),
  failedSyncOfF(
    'fsync fails with EIO, the data is rewritten and fsynced',
    async (write, sync) => {
      await write(0, 'bbbb');
      await sync(true);
      await write(0, 'bbbb');
      await sync(false);
    },
    durableEverywhere('bbbbaaaa', 'bbbbaaaa', 'rewriting the data and fsyncing again makes it durable', 'PostgreSQL now panics on EIO and replays its WAL, which rewrites the data.'),
  ),
  failedSyncOfF(
    'fsync fails with EIO, another sector written and fsynced',
    async (write, sync) => {
      await write(0, 'bbbb');
      await sync(true);
      await write(4, 'cccc');
      await sync(false);
    },
    durableEverywhere('aaaacccc', 'bbbbcccc', 'the failed data is lost, even after a successful retry', FSYNCGATE_NOTE),
  ),
  failedSyncOfF(
    'fsync fails with EIO, the same sector written again and fsynced',
    async (write, sync) => {
      await write(0, 'bb');
      await sync(true);
      await write(2, 'cc');
      await sync(false);
    },
    durableEverywhere('bbccaaaa', 'bbccaaaa', 'a sector dirtied again is written whole, failed bytes included', PAGE_NOTE),
  ),
  failedSyncOfF(
    'fsync fails with EIO, many small rewrites of one sector, then fsync',
    async (write, sync) => {
      await write(0, 'bbbbbbbb');
      await sync(true);
      for (let i = 0; i < 5; i++) await write(0, 'cc');
      await sync(false);
    },
    durableEverywhere('ccbbaaaa', 'ccbbbbbb', 'a sector dirtied again is written whole, failed bytes included', PAGE_NOTE),
  ),
  {
    name: 'fsync of a directory fails with EIO',
    rule: 'fsync failure (EIO)',
    setup: (fs) => durableTree(fs, { '/d/': '' }),
    faults: 'eio-sync:pathIs(/d)',
    run: async (fs) => {
      await put(fs, '/d/x', '');
      await failsWith(syncPath(fs, '/d'), 'EIO');
    },
    expected: {
      posix: allow(['/d/', '/d/ /d/x=""'], ['fsync', 'writebackErrors'], 'a failed directory fsync persists nothing: its entries may be kept or lost'),
      'ext4-ordered': allow(
        ['/d/', '/d/ /d/x=""'],
        ['fsync', 'ext4Journal'],
        'a failed directory fsync persists nothing: its entries may be kept or lost',
        'On ext4 a failed journal commit aborts the journal; the create may or may not have reached it.',
      ),
      process: processKeeps('/d/ /d/x=""'),
    },
  },
  {
    name: 'new file: fdatasync fails with EIO, the retry succeeds, renamed into place',
    rule: 'fsync failure (EIO)',
    faults: 'eio-sync:pathIs(/t)&onIndex(0)',
    run: async (fs) => {
      await withHandle(fs, '/t', 'w', async (handle) => {
        await handle.write(bytesOf('abcd'));
        await failsWith(handle.datasync(), 'EIO');
        await handle.datasync();
      });
      await fs.rename('/t', '/b');
      await syncPath(fs, '/');
    },
    expected: {
      posix: allow([file('/b', '')], ['fsyncgate', 'writebackErrors'], 'the failed data is lost, even after a successful retry', FSYNCGATE_NOTE),
      'ext4-ordered': allow([file('/b', '')], ['fsyncgate', 'writebackErrors'], 'the failed data is lost, even after a successful retry', FSYNCGATE_NOTE),
      process: allow([file('/b', 'abcd')], ['fsyncgate', 'killProcess'], 'the page cache survives a process crash, failed data included'),
    },
  },
];
