import { posix } from 'node:path';
import type { Dirent, Stats } from 'node:fs';
import { isFsError } from '../../src/fs/errors.js';
import type { FileStats } from '../../src/fs/types.js';
import type { ActiveRun } from './active-run.js';
import { nodeFsError } from './node-errors.js';
import { nodeDirent, nodeStats } from './stats.js';
import { step } from './steps.js';
import type { Steps } from './steps.js';

/**
 * Calls on names and directories, as the steps Node makes: one step for each system call, and for
 * the composite ones (recursive mkdir and rm) the sequence of system calls Node's own code makes.
 */

function codeOf(error: unknown): string | undefined {
  return isFsError(error) ? error.code : undefined;
}

/**
 * The same error as reported by another syscall (lstat's errors come from the disk's stat). The
 * message names the syscall, so it is rebuilt.
 */
export function asSyscall(error: unknown, syscall: string): unknown {
  if (!isFsError(error) || error.syscall === syscall) return error;
  const renamed = nodeFsError(error.code, '', syscall, error.path);
  renamed.message = error.message.replace(`, ${error.syscall}`, `, ${syscall}`);
  return renamed;
}

/** A stat step whose errors name `syscall` (lstat, access, chmod...: the disk has no other lookup). */
export function* statAs(run: ActiveRun, path: string, syscall: string): Steps<Stats> {
  return nodeStats(yield* lookupAs(run, path, syscall), run.statTimeMs);
}

/** The same step as statAs, for callers that need only whether the path exists, or its kind (no Node Stats is built). */
export function* lookupAs(run: ActiveRun, path: string, syscall: string): Steps<FileStats> {
  const disk = run.disk;
  try {
    return yield* step(disk, () => disk.stat(path));
  } catch (error) {
    throw asSyscall(error, syscall);
  }
}

export function* existsPath(run: ActiveRun, path: string): Steps<boolean> {
  try {
    yield* lookupAs(run, path, 'stat');
    return true;
  } catch (error) {
    if (isFsError(error) && codeOf(error) !== 'ESIMCRASH') return false;
    throw error;
  }
}

/** realpath: the disk has no symbolic links, so it is the normalized path, once lookup finds it. */
export function* realpathOf(run: ActiveRun, path: string, syscall: 'lstat' | 'realpath'): Steps<string> {
  yield* lookupAs(run, path, syscall);
  return posix.resolve(path);
}

export function* readdirNames(run: ActiveRun, path: string): Steps<string[]> {
  const disk = run.disk;
  return yield* step(disk, () => disk.readdir(path));
}

/** readdir with file types: the listing, then one lookup per name for its kind. */
export function* readdirEntries(run: ActiveRun, path: string): Steps<Dirent[]> {
  const names = yield* readdirNames(run, path);
  const entries: Dirent[] = [];
  for (const name of names) {
    const stats = yield* lookupAs(run, posix.join(path, name), 'stat');
    entries.push(nodeDirent(name, stats.isDirectory(), path));
  }
  return entries;
}

export function* mkdirOne(run: ActiveRun, path: string): Steps<void> {
  const disk = run.disk;
  yield* step(disk, () => disk.mkdir(path));
}

/**
 * Node's recursive mkdir (MKDirp): mkdir; on ENOENT make the parent first and retry; on any other
 * error, a directory already there is fine and anything else fails. Returns the first directory
 * created, or undefined.
 */
export function* mkdirRecursive(run: ActiveRun, path: string): Steps<string | undefined> {
  const pending = [posix.resolve(path)];
  let first: string | undefined;
  while (pending.length > 0) {
    const next = pending[pending.length - 1] as string;
    try {
      yield* mkdirOne(run, next);
      first ??= next;
      pending.pop();
    } catch (error) {
      if (codeOf(error) === 'ENOENT' && posix.dirname(next) !== next) {
        pending.push(posix.dirname(next));
        continue;
      }
      if (codeOf(error) === 'ESIMCRASH' || codeOf(error) === undefined) throw error;
      const stats = yield* lookupAs(run, next, 'mkdir');
      if (!stats.isDirectory()) throw pending.length === 1 ? asSyscall(error, 'mkdir') : nodeFsError('ENOTDIR', 'not a directory', 'mkdir', path);
      pending.pop();
    }
  }
  return first;
}

export function* rmdirOne(run: ActiveRun, path: string): Steps<void> {
  const disk = run.disk;
  yield* step(disk, () => disk.rmdir(path));
}

export function* unlinkOne(run: ActiveRun, path: string): Steps<void> {
  const disk = run.disk;
  yield* step(disk, () => disk.unlink(path));
}

export interface RmOptions {
  readonly recursive: boolean;
  readonly force: boolean;
}

/** Node's rm: an lstat to validate, then rimraf (lstat; unlink a file; rmdir a directory, emptying it on ENOTEMPTY). */
export function* rmPath(run: ActiveRun, path: string, options: RmOptions): Steps<void> {
  let stats: FileStats;
  try {
    stats = yield* lookupAs(run, path, 'lstat');
  } catch (error) {
    if (options.force && codeOf(error) === 'ENOENT') return;
    throw error;
  }
  if (stats.isDirectory() && !options.recursive) {
    const error = nodeFsError('ERR_FS_EISDIR', 'is a directory', 'rm', path);
    error.message = `Path is a directory: rm returned EISDIR (is a directory) ${path}`;
    throw error;
  }
  yield* rimraf(run, path);
}

function* rimraf(run: ActiveRun, path: string): Steps<void> {
  let stats: FileStats;
  try {
    stats = yield* lookupAs(run, path, 'lstat');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return;
    throw error;
  }
  if (!stats.isDirectory()) {
    yield* unlinkOne(run, path);
    return;
  }
  try {
    yield* rmdirOne(run, path);
    return;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return;
    if (codeOf(error) !== 'ENOTEMPTY' && codeOf(error) !== 'EEXIST') throw error;
  }
  for (const name of yield* readdirNames(run, path)) yield* rimraf(run, posix.join(path, name));
  yield* rmdirOne(run, path);
}

export function* renamePath(run: ActiveRun, from: string, to: string): Steps<void> {
  const disk = run.disk;
  yield* step(disk, () => disk.rename(from, to));
}

export function* linkPath(run: ActiveRun, existing: string, to: string): Steps<void> {
  const disk = run.disk;
  yield* step(disk, () => disk.link(existing, to));
}

const TEMP_NAME_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const TEMP_NAME_TRIES_MAX = 100;

/** mkdtemp(3): six characters drawn from the run's seed after the prefix, a mkdir, a new draw on EEXIST. */
export function* mkdtempPath(run: ActiveRun, prefix: string): Steps<string> {
  for (let attempt = 1; ; attempt++) {
    const suffix = [...run.randomBytes(6)].map((byte) => TEMP_NAME_ALPHABET[byte % TEMP_NAME_ALPHABET.length]).join('');
    const path = `${prefix}${suffix}`;
    try {
      yield* mkdirOne(run, path);
      return path;
    } catch (error) {
      if (codeOf(error) !== 'EEXIST' || attempt >= TEMP_NAME_TRIES_MAX) throw asSyscall(error, 'mkdtemp');
    }
  }
}
