import type { SystemFactory } from '../../sim/scenario.js';

/** A mutant of a store: one known bug, a factory for the scenario that must find it. */
export interface ScenarioMutant<Scenario extends string> {
  /** The module's file name, without extension (what `--impl` would load). */
  readonly name: string;
  readonly bug: string;
  readonly scenario: Scenario;
  readonly factory: SystemFactory<unknown>;
  /** The invariant that must find it. */
  readonly invariant: string;
}
