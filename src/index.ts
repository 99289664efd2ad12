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
export { CORRUPTION_BRAND, FsError, fsError, hasErrorCode, isCorruptionError, isFsError, markCorruption } from './fs/errors.js';
export type { CorruptionBranded, FsErrorCode, FsErrorLike } from './fs/errors.js';
export { NodeFs } from './fs/node-fs.js';
export { createMemFs } from './fs/mem-fs.js';
export { basename, dirname, isWithin, join, splitAbsolutePath } from './fs/path.js';
export * from './blob/index.js';
export * from './mvcc/index.js';
export * from './wal/index.js';
export * from './persist/index.js';
export {
  BATCH_PUTS_CONCURRENCY_MAX,
  Batch,
  BatchBusyError,
  BatchWriteError,
  DEFAULT_SHARD,
  FlatStore,
  FlatStoreError,
  InvalidOptionsError,
  ShardingInvalidError,
  ShardingMismatchError,
  ShardingMissingError,
  createFlatStore,
  hasFlatStoreCode,
  isFlatStoreError,
  isInvalidKeyError as isFlatStoreInvalidKeyError,
  isShardingMismatchError,
  openFlatStore,
  parseShardSpec,
  InvalidKeyError as FlatStoreInvalidKeyError,
  StoreClosedError as FlatStoreClosedError,
} from './flatfs/index.js';
export type { FlatBatchApi, FlatReader, FlatStoreApi, FlatStoreErrorCode, FlatStoreOptions, FlatValue, QueryOptions, ShardFunction, ShardKind } from './flatfs/index.js';
export { StateFileError, isStateFileError, openStateFile } from './statefile/index.js';
export type { StateFile } from './statefile/index.js';
export * from './coverage/index.js';
