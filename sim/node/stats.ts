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

/**
 * Stats of the simulated disk: an object of Node's Stats prototype (its constructor is
 * deprecated), so `isFile()` and the rest, which read `mode`, and `instanceof fs.Stats` work.
 * Fields are set in the constructor, in Node's order, so every one shares a shape.
 */
interface SimulatedStatsConstructor {
  new (stats: FileStats, timeMs: number): Stats;
  prototype: Stats;
}

const SimulatedStats = function SimulatedStats(this: StatsFields, stats: FileStats, timeMs: number): void {
  this.dev = 0;
  this.mode = stats.isDirectory() ? DIR_MODE : FILE_MODE;
  this.nlink = stats.nlink;
  this.uid = 0;
  this.gid = 0;
  this.rdev = 0;
  this.blksize = BLOCK_SIZE_BYTES;
  this.ino = 0;
  this.size = stats.size;
  this.blocks = Math.ceil(stats.size / 512);
  this.atimeMs = timeMs;
  this.mtimeMs = timeMs;
  this.ctimeMs = timeMs;
  this.birthtimeMs = timeMs;
  this.atime = new RealDate(timeMs);
  this.mtime = new RealDate(timeMs);
  this.ctime = new RealDate(timeMs);
  this.birthtime = new RealDate(timeMs);
} as unknown as SimulatedStatsConstructor;
SimulatedStats.prototype = Stats.prototype;

export function nodeStats(stats: FileStats, timeMs: number): Stats {
  return new SimulatedStats(stats, timeMs);
}

/** Node's Dirent constructor, which its public types do not declare: (name, type, parent path). */
const DirentOf = Dirent as unknown as new (name: string, type: number, path: string) => Dirent;
/** libuv's dirent types (UV_DIRENT_FILE, UV_DIRENT_DIR), which fs.constants carries but its types omit. */
const DIRENT_FILE = 1;
const DIRENT_DIR = 2;

export function nodeDirent(name: string, isDirectory: boolean, dirPath: string): Dirent {
  return new DirentOf(name, isDirectory ? DIRENT_DIR : DIRENT_FILE, dirPath);
}
