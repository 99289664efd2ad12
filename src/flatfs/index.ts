/** FlatStore: sharded key/value files, with batches written through a temp directory. */
export { createFlatStore, openFlatStore, FlatStore, DEFAULT_SHARD } from './flat-store.js';
export type { FlatStoreOptions } from './flat-store.js';
export { Batch, BATCH_PUTS_CONCURRENCY_MAX } from './batch.js';
export type { FlatBatchApi, FlatReader, FlatStoreApi, FlatValue, QueryOptions } from './types.js';
export { KEY_LENGTH_MAX, validateKey, isValidKey, DATA_SUFFIX } from './keys.js';
export { parseShardSpec, formatShardingFile, inspectShardingFile, shardSpecOfShardingFile, SHARD_LENGTH_MAX } from './shard.js';
export type { ShardFunction, ShardKind, ShardingFileContent } from './shard.js';
export { VALUE_TRAILER_BYTES, decodeValue, encodeValue } from './value-format.js';
export { SHARDING_FILE_NAME, TEMP_DIR_NAME } from './store-context.js';
export {
  BatchBusyError,
  BatchWriteError,
  FlatStoreCorruptError,
  FlatStoreError,
  InvalidKeyError,
  InvalidOptionsError,
  ShardingInvalidError,
  ShardingMismatchError,
  ShardingMissingError,
  StoreClosedError,
  hasFlatStoreCode,
  isFlatStoreError,
  isInvalidKeyError,
  isShardingMismatchError,
} from './errors.js';
export type { FlatStoreErrorCode } from './errors.js';
