import { declareMark } from '../coverage/index.js';

/** The states of the MVCC store a campaign should reach (see src/coverage). */
export const MVCC_MARKS = {
  conflict: declareMark('mvcc.commit.conflict', 'a transaction was refused for a write-write conflict'),
  compacted: declareMark('mvcc.compact.ran', 'compaction raised the watermark and pruned history'),
  checkpointWritten: declareMark('mvcc.checkpoint.written', 'a checkpoint was published'),
  replayedPastCheckpoint: declareMark('mvcc.recovery.replayed-log', 'recovery replayed log entries written after the checkpoint'),
} as const;
