/**
 * The FileSystem contract: the interface every store is written against, its Node-style errors,
 * the corruption brand stores put on "my data is damaged" errors, and path helpers. Stores, the
 * simulator and checkers import this folder through here. The backends (NodeFs, createMemFs) are
 * left to the package entry point (src/index.ts), so importing the contract loads no backend.
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
} from './types.js';
export { CORRUPTION_BRAND, FsError, fsError, hasErrorCode, isCorruptionError, isFsError, markCorruption } from './errors.js';
export type { CorruptionBranded, FsErrorCode, FsErrorLike } from './errors.js';
export { basename, dirname, isWithin, join, splitAbsolutePath } from './path.js';
