import type { SystemFactory } from '../../../sim/scenario.js';
import type { ScenarioMutant } from '../scenario-mutant.js';
import pageSizeLimit from './page-size-limit.js';

/** The state file's mutants: one known bug each, each a factory for the `state-file` scenario. */
export type StateFileMutant = ScenarioMutant<'state-file'>;

export const STATE_FILE_MUTANTS: readonly StateFileMutant[] = [
  {
    name: 'page-size-limit',
    bug: 'a save of a state over 4000 bytes of JSON is refused with an error the contract does not document',
    scenario: 'state-file',
    factory: pageSizeLimit as SystemFactory<unknown>,
    invariant: 'unexpected-error',
  },
];
