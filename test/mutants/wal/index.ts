import type { SystemFactory } from '../../../sim/scenario.js';
import ackBeforeSync from './ack-before-sync.js';
import gapBlindReplay from './gap-blind-replay.js';
import nextIndexFromEntries from './next-index-from-entries.js';
import readErrorAsEmpty from './read-error-as-empty.js';
import readWithoutVerify from './read-without-verify.js';
import truncateAllLosesCursor from './truncate-all-loses-cursor.js';
import truncateBackUnsynced from './truncate-back-unsynced.js';
import truncateFrontLazyRecord from './truncate-front-lazy-record.js';
import unchecksummedFrames from './unchecksummed-frames.js';

/** The WAL mutants: each a known bug that its scenario must find within the seed budget. */
export interface WalMutant {
  readonly name: string;
  readonly scenario: 'wal' | 'persist';
  readonly factory: SystemFactory<unknown>;
  /** The fault spec it needs (`--faults`), if any. */
  readonly faults?: string;
}

export const WAL_MUTANTS: readonly WalMutant[] = [
  { name: 'append-acknowledged-before-sync', scenario: 'wal', factory: ackBeforeSync as SystemFactory<unknown> },
  { name: 'gap-blind-replay', scenario: 'wal', factory: gapBlindReplay as SystemFactory<unknown> },
  { name: 'truncate-all-loses-cursor', scenario: 'wal', factory: truncateAllLosesCursor as SystemFactory<unknown> },
  { name: 'truncate-front-lazy-record', scenario: 'wal', factory: truncateFrontLazyRecord as SystemFactory<unknown> },
  { name: 'truncate-back-unsynced', scenario: 'wal', factory: truncateBackUnsynced as SystemFactory<unknown> },
  { name: 'unchecksummed-frames', scenario: 'wal', factory: unchecksummedFrames as SystemFactory<unknown> },
  { name: 'next-index-from-entries', scenario: 'wal', factory: nextIndexFromEntries as SystemFactory<unknown> },
  {
    name: 'read-error-as-empty',
    scenario: 'wal',
    factory: readErrorAsEmpty as SystemFactory<unknown>,
    faults: 'eio-read:phase(recovery)&randomly(0.3)',
  },
  {
    name: 'read-without-verify',
    scenario: 'persist',
    factory: readWithoutVerify as SystemFactory<unknown>,
    // Rot between recovery's scan and the reads the persisters make while opening.
    faults: 'rot:phase(recovery)&opKind(read)&randomly(0.3)',
  },
];
