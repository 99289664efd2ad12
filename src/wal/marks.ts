import { declareMark } from '../coverage/index.js';

/** The states of the segment log a campaign should reach (see src/coverage). */
export const WAL_MARKS = {
  tornTailCut: declareMark('wal.recovery.torn-tail-cut', 'recovery cut a torn tail off the newest segment'),
  tempSwept: declareMark('wal.recovery.temp-swept', 'recovery found a temp first-index record (its rename never happened) and removed it'),
  frontTruncationFinished: declareMark('wal.recovery.front-truncation-finished', 'recovery removed segments below the recorded first index (a crash inside truncateFront or truncateAll)'),
  acknowledgedDamageRefused: declareMark('wal.recovery.damage-refused', 'recovery refused a damaged frame that a later intact frame proves was durable'),
  groupCommitShared: declareMark('wal.group-commit.shared', 'one sync made the appends of more than one appender durable'),
  segmentSealed: declareMark('wal.segment.sealed', 'an append rolled over to a new segment, sealing the previous one'),
  truncateBackRemovedSegment: declareMark('wal.truncate-back.segment-removed', 'truncateBack removed a whole segment'),
  readChecksumFailed: declareMark('wal.read.checksum-failed', 'read() found an entry whose checksum no longer matches (rot after open)'),
} as const;
