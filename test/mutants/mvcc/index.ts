import { mvccScenario } from '../../../scenarios/mvcc/index.js';
import { type AnyScenario, type SystemFactory, eraseScenario } from '../../../sim/scenario.js';
import awaitBetweenCheckAndCommit from './await-between-check-and-commit.js';
import blindWritesInvisibleToConflicts from './blind-writes-invisible-to-conflicts.js';
import compactRefusesNoOp from './compact-refuses-no-op.js';
import conflictAtStartTs from './conflict-at-start-ts.js';
import internalPrefixAnywhere from './internal-prefix-anywhere.js';
import separateCommitTsRecord from './separate-commit-ts-record.js';

/** The MVCC store's mutants: one known bug each, each a factory for the `mvcc` scenario. */
export interface MvccMutant {
  readonly name: string;
  readonly scenario: AnyScenario;
  readonly factory: SystemFactory<unknown>;
}

export const MVCC_MUTANTS: readonly MvccMutant[] = [
  { name: 'mvcc/separate-commit-ts-record', scenario: eraseScenario(mvccScenario), factory: separateCommitTsRecord },
  { name: 'mvcc/await-between-check-and-commit', scenario: eraseScenario(mvccScenario), factory: awaitBetweenCheckAndCommit },
  { name: 'mvcc/conflict-at-start-ts', scenario: eraseScenario(mvccScenario), factory: conflictAtStartTs },
  { name: 'mvcc/internal-prefix-anywhere', scenario: eraseScenario(mvccScenario), factory: internalPrefixAnywhere },
  { name: 'mvcc/blind-writes-invisible-to-conflicts', scenario: eraseScenario(mvccScenario), factory: blindWritesInvisibleToConflicts },
  { name: 'mvcc/compact-refuses-no-op', scenario: eraseScenario(mvccScenario), factory: compactRefusesNoOp },
];
