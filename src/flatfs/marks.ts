import { declareMark } from '../coverage/index.js';

/** The states of the flat store a campaign should reach (see src/coverage). */
export const FLATFS_MARKS = {
  tempLeftovers: declareMark('flatfs.open.temp-leftovers', 'opening found leftovers in .temp/ (a put or batch the crash cut) and removed them'),
  batchDeleteThenPut: declareMark('flatfs.batch.delete-then-put', 'a batch put a key it had deleted'),
  batchPutThenDelete: declareMark('flatfs.batch.put-then-delete', 'a batch deleted a key it had put'),
  overlappingWriteWon: declareMark('flatfs.batch.overlapping-write-won', 'a single put or delete of a key finished first and won over the committing batch'),
} as const;
