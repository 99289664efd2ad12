import { constants } from 'node:os';
import { isFsError, withoutStack } from '../../src/fs/errors.js';
import type { FsErrorLike } from '../../src/fs/errors.js';
import { isSimulatedCrash } from '../disk/index.js';

/**
 * Errors as Node's fs gives them: an Error with `errno` (negative, as libuv's), `code`, `syscall`,
 * `path` (and `dest` for two-path calls), and the same message.
 */

export interface NodeFsError extends Error {
  errno: number;
  code: string;
  syscall: string;
  path?: string;
  dest?: string;
}

const ERRNO: Readonly<Record<string, number>> = constants.errno;

export function errnoOf(code: string): number {
  const value = ERRNO[code];
  return value === undefined ? 0 : -value;
}

function build(message: string, code: string, syscall: string, path: string | undefined, dest: string | undefined): NodeFsError {
  const error = new Error(message) as NodeFsError;
  error.errno = errnoOf(code);
  error.code = code;
  error.syscall = syscall;
  if (path !== undefined) error.path = path;
  if (dest !== undefined) error.dest = dest;
  return error;
}

/**
 * The error the caller gets for what a disk call threw. Disk errors become Node-shaped (their
 * message already is); a crashed disk's error passes as it is, for the runner to recognize;
 * anything else (a TypeError for a bad argument) passes as it is. `captureStack` for the sync
 * forms, whose errors Node throws with the caller's stack; the async forms' errors carry none.
 */
export function toNodeError(error: unknown, captureStack: boolean): unknown {
  if (!isFsError(error) || isSimulatedCrash(error)) return error;
  const source: FsErrorLike & { readonly dest?: unknown } = error;
  if (typeof (source as { errno?: unknown }).errno === 'number') return error;
  const dest = typeof source.dest === 'string' ? source.dest : undefined;
  if (captureStack) return build(source.message, source.code, source.syscall, source.path, dest);
  // An arrow given as an argument, not a named closure: a transpiler keeping names renames those on every call.
  return withoutStack(() => build(source.message, source.code, source.syscall, source.path, dest));
}

/** A Node-shaped error for a code the facade decides itself (EBADF for an unknown simulated fd...). */
export function nodeFsError(code: string, description: string, syscall: string, path?: string): NodeFsError {
  const where = path === undefined ? '' : ` '${path}'`;
  return build(`${code}: ${description}, ${syscall}${where}`, code, syscall, path, undefined);
}

/** What a call outside the simulated root gets during a run: it was not performed. */
export function outsideRootError(call: string, path: string, root: string): NodeFsError {
  return build(
    `EACCES: crashsim blocked ${call} '${path}': the path is outside the simulated root ${root}, and code under test may not touch the real disk during a run`,
    'EACCES',
    call,
    path,
    undefined,
  );
}

/** The code of the error a call the facade does not support fails with. */
export const UNSUPPORTED_CODE = 'ERR_CRASHSIM_UNSUPPORTED';

export interface UnsupportedCallError extends Error {
  code: typeof UNSUPPORTED_CODE;
  call: string;
  path: string;
}

export function unsupportedCallError(call: string, path: string, why: string): UnsupportedCallError {
  const error = new Error(`crashsim: fs.${call} is not supported on the simulated disk (${why}); it was called on '${path}'`) as UnsupportedCallError;
  error.code = UNSUPPORTED_CODE;
  error.call = call;
  error.path = path;
  return error;
}

/** An error a facade function raises itself, for a case it refuses (named by `call` and `why`). */
export class UnsupportedCase extends Error {
  override readonly name = 'UnsupportedCase';
  readonly why: string;

  constructor(why: string) {
    super(why);
    this.why = why;
  }
}
