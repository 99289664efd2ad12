/**
 * The documents litmus expectations cite, by a short key. Each entry names the document and where
 * to read it; a test's `sources` lists keys from here, and the README table links them.
 */
export interface Source {
  /** The link text in the README table. */
  readonly short: string;
  readonly title: string;
  readonly url: string;
}

export const SOURCES = {
  fsync: {
    short: 'fsync(2)',
    title: 'fsync(2)',
    url: 'https://man7.org/linux/man-pages/man2/fsync.2.html',
  },
  rename: {
    short: 'rename(2)',
    title: 'rename(2)',
    url: 'https://man7.org/linux/man-pages/man2/rename.2.html',
  },
  posixWrite: {
    short: 'POSIX write',
    title: 'POSIX write()',
    url: 'https://pubs.opengroup.org/onlinepubs/9799919799/functions/write.html',
  },
  posixFsync: {
    short: 'POSIX fsync',
    title: 'POSIX fsync()',
    url: 'https://pubs.opengroup.org/onlinepubs/9799919799/functions/fsync.html',
  },
  ext4: {
    short: 'ext4 data=ordered',
    title: 'Linux ext4 docs (data=ordered, journal)',
    url: 'https://docs.kernel.org/admin-guide/ext4.html',
  },
  ext4Journal: {
    short: 'ext4 journal',
    title: 'Linux ext4 journal (JBD2)',
    url: 'https://docs.kernel.org/filesystems/ext4/journal.html',
  },
  alice: {
    short: 'ALICE',
    title: 'ALICE: All File Systems Are Not Created Equal (Pillai et al., OSDI 2014)',
    url: 'https://www.usenix.org/conference/osdi14/technical-sessions/presentation/pillai',
  },
  b3: {
    short: 'B3',
    title: 'CrashMonkey/B3: Finding Crash-Consistency Bugs with Bounded Black-Box Testing (Mohan et al., OSDI 2018)',
    url: 'https://www.usenix.org/conference/osdi18/presentation/mohan',
  },
  ferrite: {
    short: 'Ferrite',
    title: 'Ferrite: Specifying and Checking File System Crash-Consistency Models (Bornholt et al., ASPLOS 2016)',
    url: 'https://unsat.cs.washington.edu/projects/ferrite/',
  },
  xfstests: {
    short: 'xfstests',
    title: 'xfstests generic crash tests (generic/321: fsync of a new directory; generic/322: rename then fsync)',
    url: 'https://git.kernel.org/pub/scm/fs/xfs/xfstests-dev.git/tree/tests/generic',
  },
  fsyncgate: {
    short: 'fsyncgate',
    title: 'PostgreSQL "fsyncgate" (2018) and the PostgreSQL wiki on fsync errors',
    url: 'https://wiki.postgresql.org/wiki/Fsync_Errors',
  },
  writebackErrors: {
    short: 'Linux writeback errors',
    title: 'Linux VFS: how writeback errors are reported (errseq)',
    url: 'https://docs.kernel.org/filesystems/vfs.html#handling-errors-during-writeback',
  },
  killProcess: {
    short: 'write(2)',
    title: 'A killed process leaves the page cache to the kernel (fsync(2), NOTES; write(2))',
    url: 'https://man7.org/linux/man-pages/man2/write.2.html',
  },
} as const satisfies Readonly<Record<string, Source>>;

export type SourceKey = keyof typeof SOURCES;
