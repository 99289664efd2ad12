/**
 * crashsim's storage stack and FileSystem contract: everything production code may import.
 * The simulator lives behind the `crashsim/sim` entry point.
 */
export type {
  FileHandle,
  FileStats,
  FileSystem,
  MkdirOptions,
  OpenFlags,
  ReadResult,
  WriteFileOptions,
  WriteResult,
} from './fs/types.js';
export { FsError, fsError, hasErrorCode, isFsError } from './fs/errors.js';
export type { FsErrorCode, FsErrorLike } from './fs/errors.js';
export { NodeFs } from './fs/node-fs.js';
export { createMemFs } from './fs/mem-fs.js';
export { basename, dirname, isWithin, join, splitAbsolutePath } from './fs/path.js';
