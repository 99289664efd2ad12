/** The MVCC store's public names (re-exported by the package entry point). */
export { MvccStore } from './mvcc-store.js';
export type { KeyValue, Mutation, MvccStoreOptions, PutOptions as MvccPutOptions } from './types.js';
export {
  MvccArgumentError,
  MvccClosedError,
  MvccCorruptionError,
  MvccError,
  MvccFailedError,
  ReadTsCompactedError,
  WriteConflictError,
  isMvccClosedError,
  isMvccCorruptionError,
  isMvccError,
  isMvccFailedError,
  isReadTsCompactedError,
  isWriteConflictError,
} from './errors.js';
export type { MvccErrorCode } from './errors.js';
/**
 * The layout of a store's root, for checkers and tools that look at the files themselves: the
 * directory under the root that holds the store's log. Using the store never needs it.
 */
export { WAL_DIR_NAME as MVCC_WAL_DIR_NAME } from './recovery.js';
