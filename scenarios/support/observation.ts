import type { OperationRecord } from '../../sim/index.js';

/**
 * The time model shared by the reference models of the scenarios. Each operation takes effect
 * atomically somewhere between its invocation and its completion (a cut or failed one may or may
 * not have taken effect). Step stamps order effects: an operation completed at step c made all
 * its calls before an operation invoked at step i >= c made any.
 */

type AnyRecord = OperationRecord<unknown, unknown>;

/** The window a value is observed in. */
export interface ObservationWindow {
  /** Operations invoked at or after this step cannot have influenced the value. */
  readonly invokedBefore: number;
  /** Operations acknowledged at or before this step surely took effect (and, when durable, survive). */
  readonly settledBy: number;
}

/** After the crash: every acknowledged operation counts, every invoked one may. */
export const AFTER_CRASH: ObservationWindow = { invokedBefore: Number.POSITIVE_INFINITY, settledBy: Number.POSITIVE_INFINITY };

/** The window of a read during the workload: what may have happened while it ran. */
export function windowOf(read: AnyRecord): ObservationWindow {
  return { invokedBefore: read.completedAtStep ?? Number.POSITIVE_INFINITY, settledBy: read.invokedAtStep };
}

/** True when `record` completed before `other` was invoked: it surely took effect first. */
export function finishedBefore(record: AnyRecord, other: AnyRecord): boolean {
  return record.completedAtStep !== null && record.completedAtStep <= other.invokedAtStep;
}
