import { Dirent, Stats, constants } from 'node:fs';
import type { FileStats } from '../../src/fs/types.js';

/**
 * Node's `fs.Stats` and `fs.Dirent` for what the disk reports. The disk models names, kinds, sizes
 * and link counts; everything else is fixed: mode 0644 for files and 0755 for directories, owner
 * 0, inode 0, and one time (the run's start, in virtual time) for atime, mtime, ctime and birthtime.
 */

const FILE_MODE = constants.S_IFREG | 0o644;
const DIR_MODE = constants.S_IFDIR | 0o755;
const BLOCK_SIZE_BYTES = 4096;
/**
 * Date as it is when this module loads, before any run fakes it: a date of a given instant reads no
 * clock, and the fake Date's constructor costs several times the real one's on every stat.
 */
const RealDate = Date;

/** The fields Node's Stats constructor sets (its methods read `mode`). */
interface StatsFields {
  dev: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  rdev: number;
  blksize: number;
  ino: number;
  size: number;
  blocks: number;
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
  birthtimeMs: number;
  atime: Date;
  mtime: Date;
  ctime: Date;
  birthtime: Date;
}

export function nodeStats(stats: FileStats, timeMs: number): Stats {
  // Built on Stats' prototype (its constructor is deprecated): isFile() and the rest read `mode`.
  const result = Object.create(Stats.prototype) as Stats & StatsFields;
  const fields: StatsFields = {
    dev: 0,
    mode: stats.isDirectory() ? DIR_MODE : FILE_MODE,
    nlink: stats.nlink,
    uid: 0,
    gid: 0,
    rdev: 0,
    blksize: BLOCK_SIZE_BYTES,
    ino: 0,
    size: stats.size,
    blocks: Math.ceil(stats.size / 512),
    atimeMs: timeMs,
    mtimeMs: timeMs,
    ctimeMs: timeMs,
    birthtimeMs: timeMs,
    atime: new RealDate(timeMs),
    mtime: new RealDate(timeMs),
    ctime: new RealDate(timeMs),
    birthtime: new RealDate(timeMs),
  };
  return Object.assign(result, fields);
}

/** Node's Dirent constructor, which its public types do not declare: (name, type, parent path). */
const DirentOf = Dirent as unknown as new (name: string, type: number, path: string) => Dirent;
/** libuv's dirent types (UV_DIRENT_FILE, UV_DIRENT_DIR), which fs.constants carries but its types omit. */
const DIRENT_FILE = 1;
const DIRENT_DIR = 2;

export function nodeDirent(name: string, isDirectory: boolean, dirPath: string): Dirent {
  return new DirentOf(name, isDirectory ? DIRENT_DIR : DIRENT_FILE, dirPath);
}
