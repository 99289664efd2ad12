import { constants } from 'node:fs';
import type { ActiveRun } from './active-run.js';
import type { FdEntry } from './fd-table.js';
import { UnsupportedCase } from './node-errors.js';
import { closeFd, entryOf, fsyncFd, ftruncateFd, openFd, readRestFd, writeAllFd } from './ops-fd.js';
import type { Steps } from './steps.js';

/**
 * The whole-file calls, split into the system calls Node makes for them: readFile is open, fstat,
 * read(s), close; writeFile and appendFile are open, write(s), close; copyFile is libuv's open,
 * fstat, open, read/write, close, close; truncate on a path is open, ftruncate, close. Each is a
 * step, so a crash can fall between any two of them, as it can under Node.
 */

/** A path, or an fd the caller opened (then it is neither opened nor closed here). */
export type FileTarget = { readonly kind: 'path'; readonly path: string } | { readonly kind: 'fd'; readonly fd: number };

function* withOpen<T>(run: ActiveRun, target: FileTarget, flags: unknown, fallback: string, body: (entry: FdEntry) => Steps<T>): Steps<T> {
  if (target.kind === 'fd') return yield* body(entryOf(run, target.fd, 'read'));
  const entry = yield* openFd(run, target.path, flags, fallback);
  let result: T;
  try {
    result = yield* body(entry);
  } catch (error) {
    try {
      yield* closeFd(run, entry.fd);
    } catch {
      // The body's error is the one to report, as Node's readFile and writeFile do.
    }
    throw error;
  }
  yield* closeFd(run, entry.fd);
  return result;
}

export function* readWholeFile(run: ActiveRun, target: FileTarget, flags: unknown): Steps<Buffer> {
  return yield* withOpen(run, target, flags, 'r', (entry) => readRestFd(entry));
}

export interface WriteWholeOptions {
  readonly flags: unknown;
  /** Node's `flush` option: fsync before closing. */
  readonly flush: boolean;
}

export function* writeWholeFile(run: ActiveRun, target: FileTarget, bytes: Uint8Array, options: WriteWholeOptions, fallback: 'w' | 'a'): Steps<void> {
  yield* withOpen(run, target, options.flags, fallback, function* (entry) {
    yield* writeAllFd(entry, bytes);
    if (options.flush) yield* fsyncFd(entry);
  });
}

export function* truncatePath(run: ActiveRun, path: string, length: number): Steps<void> {
  yield* withOpen(run, { kind: 'path', path }, 'r+', 'r+', (entry) => ftruncateFd(entry, length));
}

export function* copyWholeFile(run: ActiveRun, from: string, to: string, mode: number): Steps<void> {
  if ((mode & constants.COPYFILE_FICLONE_FORCE) !== 0) throw new UnsupportedCase('COPYFILE_FICLONE_FORCE: the simulated disk cannot clone');
  const exclusive = (mode & constants.COPYFILE_EXCL) !== 0;
  yield* withOpen(run, { kind: 'path', path: from }, 'r', 'r', function* (source) {
    const data = yield* readRestFd(source);
    yield* withOpen(run, { kind: 'path', path: to }, exclusive ? 'wx' : 'w', 'w', (target) => writeAllFd(target, data));
  });
}
