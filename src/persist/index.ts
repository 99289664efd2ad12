/** Consensus persistence over the WAL: block lanes, commit certificates, the prune anchor. */
export { AnchorCorruptError, AnchorStore, FULL_REACH } from './anchor-store.js';
export type { Anchor, AnchorReach } from './anchor-store.js';
export { BlockPersister } from './block-persister.js';
export { CommitQcPersister } from './commit-qc-persister.js';
export { Persistence, PersistenceFailedError } from './persistence.js';
export type { LoadedState, PersistBatch } from './persistence.js';
export { blockCodec, commitQcCodec, laneDirName, parseLaneDirName, PersistCorruptError, PersistGapError } from './records.js';
export type { Block, CommitQc } from './records.js';
