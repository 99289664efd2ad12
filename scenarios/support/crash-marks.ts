import { declareMark, sometimes, type CoverageMark } from '../../src/coverage/index.js';
import type { CheckInput, Violation } from '../../sim/index.js';

/**
 * Scenario-level coverage marks (src/coverage) for where the crash fell: "a crash cut a
 * truncation in flight" is a fact of the history, which only the scenario can read. Each mark
 * counts a run whose history has an operation of the kind it names cut by the crash.
 */

export interface CutMark<Operation> {
  readonly mark: CoverageMark;
  readonly matches: (operation: Operation) => boolean;
}

/** Declares `scenario.<scenario>.<what>`: the crash cut an operation that `matches`. */
export function cutMark<Operation>(scenario: string, what: string, description: string, matches: (operation: Operation) => boolean): CutMark<Operation> {
  return { mark: declareMark(`scenario.${scenario}.${what}`, description), matches };
}

/** The scenario's check, recording first which of `marks` the history reached. */
export function checkWithCutMarks<System, Operation, Result>(
  check: (input: CheckInput<System, Operation, Result>) => Promise<Violation[]>,
  marks: readonly CutMark<Operation>[],
): (input: CheckInput<System, Operation, Result>) => Promise<Violation[]> {
  return (input) => {
    for (const { mark, matches } of marks) sometimes(input.history.some((record) => record.outcome.kind === 'cut' && matches(record.operation)), mark);
    return check(input);
  };
}
