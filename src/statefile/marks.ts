import { declareMark } from '../coverage/index.js';

/** The states of the state file a campaign should reach (see src/coverage). */
export const STATEFILE_MARKS = {
  tempSwept: declareMark('statefile.open.temp-swept', 'opening found a temp file (a save the crash cut before its rename) and removed it'),
} as const;
