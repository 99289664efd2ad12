import { type FsError, type FsErrorCode, fsError, withoutStack } from '../../src/fs/errors.js';

/**
 * The errors SimFs rejects with: the same Node-style FsError as everywhere, built without a
 * captured stack. Stores meet ENOENT and EEXIST on every other call (has, putIfAbsent, sweeps)
 * and capturing a stack is the costliest part of an error; a simulated call's stack would only
 * show the simulator's internals anyway. The trace says which call failed.
 */
export function simError(code: FsErrorCode, syscall: string, path?: string, dest?: string): FsError {
  return withoutStack(() => fsError(code, syscall, path, dest));
}
