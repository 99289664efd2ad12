import type { OperationRecord } from '../../sim/index.js';
import { type ObservationWindow, finishedBefore } from '../support/observation.js';
import type { AppendLogOp, AppendLogResult, ReadRecord } from './operations.js';

/**
 * What a history allows a read of the log to return: a prefix of some order of the appends that
 * real time allows (an append that finished before another began comes first; concurrent ones
 * in either order). So every record is one an append invoked in time wrote (no-torn-record), none
 * twice, none after a record whose append surely came later, none past a gap where an append that
 * surely came first is missing (log-prefix), and every acknowledged append is there
 * (acknowledged-durability).
 */

type AppendLogRecord = OperationRecord<AppendLogOp, AppendLogResult>;

export type LogInvariant = 'no-torn-record' | 'log-prefix' | 'acknowledged-durability';

export interface LogFinding {
  readonly invariant: LogInvariant;
  readonly message: string;
}

export class AppendLogModel {
  readonly #appends = new Map<number, AppendLogRecord>();

  constructor(history: readonly AppendLogRecord[]) {
    for (const record of history) if (record.operation.kind === 'append') this.#appends.set(record.operation.recordId, record);
  }

  /** The first finding of each kind about a read that returned `read`, in `window`. */
  judge(read: readonly ReadRecord[], window: ObservationWindow, what: string): LogFinding[] {
    const findings: LogFinding[] = [];
    const found = (invariant: LogInvariant, message: string): void => {
      if (!findings.some((f) => f.invariant === invariant)) findings.push({ invariant, message: `${what}: ${message}` });
    };
    const appends: AppendLogRecord[] = [];
    read.forEach((entry, position) => {
      const append = typeof entry === 'number' ? this.#appends.get(entry) : undefined;
      if (append === undefined || append.invokedAtStep >= window.invokedBefore) {
        found('no-torn-record', `readAll returned a record no append invoked in time wrote (torn or foreign), at position ${position}: ${typeof entry === 'number' ? `r${entry}` : entry}`);
      } else if (appends.includes(append)) {
        found('log-prefix', `readAll returned record r${entry} twice`);
      } else appends.push(append);
    });
    this.#judgeOrder(appends, found);
    const present = new Set(appends);
    for (const append of this.#appends.values()) {
      if (present.has(append) || !isAcknowledgedBy(append, window.settledBy)) continue;
      found('acknowledged-durability', `readAll is missing record r${(append.operation as { recordId: number }).recordId}, whose append #${append.id} was acknowledged`);
    }
    return findings;
  }

  /** Out of order, or past a gap: a record whose append surely came first is later, or absent. */
  #judgeOrder(appends: readonly AppendLogRecord[], found: (invariant: LogInvariant, message: string) => void): void {
    const present = new Set(appends);
    appends.forEach((append, position) => {
      const later = appends.slice(0, position).find((earlier) => finishedBefore(append, earlier));
      if (later !== undefined) found('log-prefix', `record r${idOf(later)} comes before r${idOf(append)}, whose append finished before its append began`);
      for (const before of this.#appends.values()) {
        if (present.has(before) || !finishedBefore(before, append) || before.outcome.kind !== 'ok') continue;
        found('log-prefix', `record r${idOf(append)} is there but r${idOf(before)} is not, though its acknowledged append finished before r${idOf(append)}'s began (a gap)`);
      }
    });
  }
}

function idOf(append: AppendLogRecord): number {
  return (append.operation as { recordId: number }).recordId;
}

function isAcknowledgedBy(append: AppendLogRecord, settledBy: number): boolean {
  return append.outcome.kind === 'ok' && append.completedAtStep !== null && append.completedAtStep <= settledBy;
}
