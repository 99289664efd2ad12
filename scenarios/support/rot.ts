import type { InjectedFault, OperationOutcome, OperationRecord } from '../../sim/index.js';

/**
 * Rot (`--faults rot`) damages the bytes of a file at rest for good, on the medium, while the
 * store runs: the read that finds it returns rotted bytes, and so does every later read of that
 * file until a write replaces it. The checks judge a read under rot by what the store promises:
 *
 * - a store with checksums must refuse the damaged bytes with its corruption error (one carrying
 *   the corruption brand, recorded as `corruption` in the outcome): that refusal is allowed for a
 *   file that rotted before the read ended and that no acknowledged write replaced before the read
 *   began. Serving the damaged bytes, or refusing a file no rot can have reached, stays a
 *   violation;
 * - a store without checksums (blob's `checksums: false`) promises nothing about bytes the medium
 *   damaged: it serves them as they are (see `blob-checks.ts`).
 *
 * Helpers for the scenarios' checks; the scenarios map a file's path to what it holds.
 */

type AnyRecord = OperationRecord<unknown, unknown>;

/**
 * The rot faults of the workload among `injected` whose path `holds` picks, in step order: those
 * the clients' reads can have found (rot while the store reopened counts the recovery's steps,
 * and reaches only what the checks read after it).
 */
export function rotsOf(injected: readonly InjectedFault[] | undefined, holds: (path: string) => boolean): InjectedFault[] {
  return (injected ?? []).filter((fault) => fault.fault === 'rot' && fault.phase === undefined && holds(fault.path));
}

/** Whether an outcome is a refusal with the store's corruption error (decided by the brand). */
export function isCorruptionRefusal(outcome: OperationOutcome<unknown>): boolean {
  return outcome.kind === 'error' && outcome.corruption === true;
}

/**
 * Whether one of `rots` (of the file `read` reads) damaged it before `read` ended, and none of
 * `writes` (operations that replace that file when acknowledged) surely replaced it between the
 * rot and the read: the read may then have found rotted bytes. A rot's step is that of the read
 * call that found it, so it lies before the completion of any operation that saw it.
 */
export function rotReached(read: AnyRecord, rots: readonly InjectedFault[], writes: readonly AnyRecord[]): boolean {
  const end = read.completedAtStep ?? Number.POSITIVE_INFINITY;
  return rots.some((rot) => rot.step < end && !writes.some((write) => replacedAfter(write, rot.step, read.invokedAtStep)));
}

/** Whether `write` was acknowledged, started after step `after` and finished by step `by`. */
function replacedAfter(write: AnyRecord, after: number, by: number): boolean {
  return write.outcome.kind === 'ok' && write.invokedAtStep > after && write.completedAtStep !== null && write.completedAtStep <= by;
}

/**
 * Whether a rot hit a file while `operation` ran (between its invocation and its completion):
 * for files that only the operation itself reads, such as a batch's own temp files.
 */
export function rotDuring(operation: AnyRecord, rots: readonly InjectedFault[]): boolean {
  const end = operation.completedAtStep ?? Number.POSITIVE_INFINITY;
  return rots.some((rot) => rot.step >= operation.invokedAtStep && rot.step < end);
}
