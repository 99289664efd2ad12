import { declareMark } from '../coverage/index.js';

/** The states of the persisters a campaign should reach (see src/coverage). */
export const PERSIST_MARKS = {
  laneTruncated: declareMark('persist.prune.lane-truncated', 'pruning removed the blocks of a lane below the anchor'),
  laneEmptied: declareMark('persist.prune.lane-emptied', 'pruning emptied a lane whose first needed block is past everything persisted'),
  reopenedWithAnchor: declareMark('persist.open.anchored', 'opening found an anchor and pruned both WALs to it'),
} as const;
