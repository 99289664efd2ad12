import type { ScenarioMutant } from '../scenario-mutant.js';
import duplicateCertificateRefused from './duplicate-certificate-refused.js';
import lanePruneSkipped from './lane-prune-skipped.js';
import pagedReplaySkipsEntries from './paged-replay-skips-entries.js';
import reusedNumberRangeError from './reused-number-range-error.js';
import truncateAllForgetsLaneCursor from './truncate-all-forgets-lane-cursor.js';

/** The consensus persister's mutants: one known bug each, each a factory for the `persist` scenario. */
export type PersistMutant = ScenarioMutant<'persist'>;

export const PERSIST_MUTANTS: readonly PersistMutant[] = [
  { name: 'lane-prune-skipped', bug: 'a lane is never pruned from the front', scenario: 'persist', factory: lanePruneSkipped, invariant: 'pruned-to-anchor' },
  {
    name: 'truncate-all-forgets-lane-cursor',
    bug: 'a lane emptied by truncate-all forgets its cursor and accepts an old block number',
    scenario: 'persist',
    factory: truncateAllForgetsLaneCursor,
    invariant: 'block-number-never-reused',
  },
  {
    name: 'duplicate-certificate-refused',
    bug: 'a certificate already persisted is refused instead of ignored',
    scenario: 'persist',
    factory: duplicateCertificateRefused,
    invariant: 'duplicate-idempotent',
  },
  {
    name: 'paged-replay-skips-entries',
    bug: 'a paged lane replay skips one block per page',
    scenario: 'persist',
    factory: pagedReplaySkipsEntries,
    invariant: 'replay-contiguous',
  },
  {
    name: 'reused-number-range-error',
    bug: 'a block number a lane already holds is refused with a RangeError, not the documented PersistGapError',
    scenario: 'persist',
    factory: reusedNumberRangeError,
    invariant: 'unexpected-error',
  },
];
