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
