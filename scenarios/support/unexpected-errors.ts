import type { CheckInput, InjectedFault, OperationRecord, Violation } from '../../sim/index.js';
import { isCorruptionRefusal, rotReached, rotsOf } from './rot.js';

/**
 * The `unexpected-error` invariant, shared by the scenarios: an operation may reject only with
 * the errors its contract documents for it. On a healthy disk (no fault injected) anything else
 * is a bug of the system under test, not bad luck. Under injected faults, an error is also
 * allowed when it is traceable to one: its code is one a failing disk produces (or one the store
 * documents for "an earlier I/O failure made me stop"), and a call fault was injected before the
 * operation ended; or it reports damaged data (it carries the corruption brand, whatever its code)
 * and rot was injected before the operation ended: refusing rotten bytes is detection. Bit flips
 * are made at the crash, after the workload, so they excuse nothing.
 */

/** What a scenario documents about the errors of its operations. */
export interface ErrorContract<Operation> {
  /** The codes (an error's `code`, else its name) `operation` may reject with on a healthy disk. */
  readonly documented: (operation: Operation) => readonly string[];
  /**
   * Codes that an injected fault explains: the disk's own (`EIO`, `ENOSPC`) and the store's error
   * for refusing calls after an earlier failure, if it has one.
   */
  readonly faultCodes: readonly string[];
  /** The operation in a few words, for messages. */
  readonly describe: (operation: Operation) => string;
}

/** The codes a failing simulated disk rejects calls with. */
export const DISK_FAULT_CODES: readonly string[] = ['EIO', 'ENOSPC'];

interface Input<Operation> {
  readonly history: CheckInput<unknown, Operation, unknown>['history'];
  readonly injected?: readonly InjectedFault[] | undefined;
}

export function unexpectedErrors<Operation>(input: Input<Operation>, contract: ErrorContract<Operation>): Violation[] {
  const violations: Violation[] = [];
  // Faults injected while the store reopened count the recovery disk's steps: they explain no workload error.
  const callFaults = (input.injected ?? []).filter((fault) => fault.fault !== 'bitflip' && fault.phase === undefined);
  for (const record of input.history) {
    const { outcome, operation } = record;
    if (outcome.kind !== 'error' || contract.documented(operation).includes(outcome.code)) continue;
    if (contract.faultCodes.includes(outcome.code) && faultBefore(callFaults, record) !== undefined) continue;
    if (refusedRot(record, input.injected)) continue;
    const disk = callFaults.length === 0 ? 'on a healthy disk (no fault injected)' : 'and no injected fault explains it';
    violations.push({
      invariant: 'unexpected-error',
      message: `op${record.id} (client ${record.client}, ${contract.describe(operation)}) rejected with ${outcome.code}: ${outcome.message}, ${disk}; its contract allows ${listCodes(contract.documented(operation))}`,
    });
  }
  return violations;
}

/**
 * Whether the operation rejected with an error that reports damaged data (the corruption brand)
 * after rot was injected in the workload, on any file: the system detected rotten bytes and
 * refused them, as it should.
 */
export function refusedRot(record: OperationRecord<unknown, unknown>, injected: readonly InjectedFault[] | undefined): boolean {
  return isCorruptionRefusal(record.outcome) && rotReached(record, rotsOf(injected, () => true), []);
}

function faultBefore(faults: readonly InjectedFault[], record: OperationRecord<unknown, unknown>): InjectedFault | undefined {
  const end = record.completedAtStep ?? Number.POSITIVE_INFINITY;
  return faults.find((fault) => fault.step <= end);
}

function listCodes(codes: readonly string[]): string {
  return codes.length === 0 ? 'no error at all' : codes.join(', ');
}
