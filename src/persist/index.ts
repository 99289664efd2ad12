/** Consensus persistence over the WAL: block lanes, commit certificates, the prune anchor. */
export { AnchorCorruptError, AnchorStore, FULL_REACH } from './anchor-store.js';
export type { Anchor, AnchorReach } from './anchor-store.js';
export { BlockPersister } from './block-persister.js';
export { CommitQcPersister } from './commit-qc-persister.js';
export { Persistence, PersistenceFailedError } from './persistence.js';
/**
 * The layout of a Persistence root, for checkers and tools that look at the files themselves
 * (which WAL a damaged file belongs to). Using Persistence never needs them; `laneDirName` below
 * names a lane's directory under BLOCKS_DIR_NAME.
 */
export { ANCHOR_DIR_NAME, BLOCKS_DIR_NAME, COMMIT_QCS_DIR_NAME } from './persistence.js';
export type { LoadedState, PersistBatch } from './persistence.js';
export { blockCodec, commitQcCodec, laneDirName, parseLaneDirName, PersistCorruptError, PersistGapError } from './records.js';
export type { Block, CommitQc } from './records.js';
