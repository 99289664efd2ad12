import { isCorruptionReport } from '../faults/corruption.js';
import type { OperationOutcome, OperationRecord } from '../scenario.js';

/**
 * The history of one run: every client operation with the step count at its invocation and at
 * its completion. Recorded once for the whole workload; the view at a crash point is derived
 * from the step stamps, so one run can be judged at several crash points.
 */

interface MutableRecord<Operation, Result> {
  id: number;
  client: number;
  operation: Operation;
  invokedAtStep: number;
  completedAtStep: number | null;
  outcome: OperationOutcome<Result>;
}

const CUT: OperationOutcome<never> = { kind: 'cut' };

export class HistoryRecorder<Operation, Result> {
  readonly #records: MutableRecord<Operation, Result>[] = [];

  /** Registers an invocation; returns the record to complete. */
  invoke(client: number, operation: Operation, step: number): number {
    const id = this.#records.length;
    this.#records.push({ id, client, operation, invokedAtStep: step, completedAtStep: null, outcome: CUT });
    return id;
  }

  complete(id: number, step: number, outcome: OperationOutcome<Result>): void {
    const record = this.#records[id];
    if (record === undefined) throw new Error(`HistoryRecorder.complete: no operation ${id}`);
    record.completedAtStep = step;
    record.outcome = outcome;
  }

  /** Everything recorded, as it stands. */
  all(): readonly OperationRecord<Operation, Result>[] {
    return this.#records;
  }

  /**
   * The history as a crash after `crashStep` steps leaves it: operations invoked later are
   * absent, operations completed later are cut (their effects may or may not be on disk).
   */
  viewAt(crashStep: number): OperationRecord<Operation, Result>[] {
    const view: OperationRecord<Operation, Result>[] = [];
    for (const record of this.#records) {
      if (record.invokedAtStep > crashStep) continue;
      if (record.completedAtStep !== null && record.completedAtStep <= crashStep) view.push({ ...record });
      else view.push({ ...record, completedAtStep: null, outcome: CUT });
    }
    return view;
  }
}

/**
 * What a thrown value is called in a history: its `code` when it has one, else its name, and
 * whether it is a corruption report (the brand, never the words).
 */
export function errorOutcome(error: unknown): OperationOutcome<never> {
  if (typeof error === 'object' && error !== null) {
    const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
    const label = typeof code === 'string' ? code : typeof name === 'string' ? name : 'Error';
    const outcome = { kind: 'error', code: label, message: typeof message === 'string' ? message : String(error) } as const;
    return isCorruptionReport(error) ? { ...outcome, corruption: true } : outcome;
  }
  return { kind: 'error', code: 'thrown', message: String(error) };
}
