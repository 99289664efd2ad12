import type { SystemFactory } from '../../../sim/scenario.js';
import pageSizeLimit from './page-size-limit.js';

/** The state file's mutants: one known bug each, each a factory for the `state-file` scenario. */
export interface StateFileMutant {
  /** The module's file name, without extension (what `--impl` would load). */
  readonly name: string;
  readonly bug: string;
  readonly scenario: 'state-file';
  readonly factory: SystemFactory<unknown>;
  /** The invariant that must find it. */
  readonly invariant: string;
}

export const STATE_FILE_MUTANTS: readonly StateFileMutant[] = [
  {
    name: 'page-size-limit',
    bug: 'a save of a state over 4000 bytes of JSON is refused with an error the contract does not document',
    scenario: 'state-file',
    factory: pageSizeLimit as SystemFactory<unknown>,
    invariant: 'unexpected-error',
  },
];
