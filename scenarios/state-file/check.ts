import { damagesData, errorOutcome, isCorruptionReport } from '../../sim/index.js';
import type { CheckInput, OperationOutcome, Violation } from '../../sim/index.js';
import { basename } from '../../src/fs/index.js';
import type { StateFile } from '../../src/statefile/index.js';
import { isCorruptionRefusal, rotReached, rotsOf } from '../support/rot.js';
import { AFTER_CRASH, windowOf } from '../support/observation.js';
import { DISK_FAULT_CODES, type ErrorContract, unexpectedErrors } from '../support/unexpected-errors.js';
import { StateFileModel } from './model.js';
import type { Judgement } from './model.js';
import { describeStateFileOp, loadedState } from './operations.js';
import type { StateFileOp, StateFileResult } from './operations.js';

/**
 * The `state-file` invariants: load() never fails on a crash state and never returns a torn,
 * empty or foreign value (no-partial-visibility); after the crash it returns a value some save
 * wrote, or nothing if no save was acknowledged; an acknowledged save survives unless a later or
 * overlapping save replaced it (acknowledged-durability); loads during the workload see an
 * allowed value (stale-read); under bit flips and rot a damaged file is refused (the corruption
 * error), never served; a save rejects only when an injected fault explains it
 * (unexpected-error).
 */

/**
 * What a save may reject with: nothing on a healthy disk (every value the workload saves is plain
 * JSON, so STATEFILE_INVALID_STATE never applies, and the file is open while the clients run),
 * and the disk's own errors under injected faults. The state file has no fail-stop error of its
 * own. A failed load is judged by load-fails and no-partial-visibility below, which tell a torn
 * file from any other failure, so only saves are given to this contract.
 */
export const STATE_FILE_SAVE_ERROR_CONTRACT: ErrorContract<StateFileOp> = {
  documented: () => [],
  faultCodes: DISK_FAULT_CODES,
  describe: describeStateFileOp,
};

/** A failed load is a torn or unreadable file when it failed to parse; anything else is just a failure. */
function isParseFailure(code: string): boolean {
  return code === 'SyntaxError' || code === 'STATEFILE_CORRUPT';
}

function violationOf(judgement: Judgement, duringWorkload: boolean): Violation[] {
  if (judgement.ok) return [];
  // While the clients run nothing is lost to a crash: missing an acknowledged save is a stale read.
  const invariant = duringWorkload && judgement.invariant === 'acknowledged-durability' ? 'stale-read' : judgement.invariant;
  return [{ invariant, message: judgement.message }];
}

function failedLoad(outcome: Extract<OperationOutcome<unknown>, { kind: 'error' }>, what: string): Violation {
  return isParseFailure(outcome.code)
    ? { invariant: 'no-partial-visibility', message: `${what}: load() could not parse the state file (torn or empty?): ${outcome.message}` }
    : { invariant: 'load-fails', message: `${what}: load() failed: ${outcome.code} ${outcome.message}` };
}

/**
 * Under injected faults (`--faults`) an EIO or ENOSPC that the load passes on is the store
 * reporting the error, as it should; without faults nothing excuses a failed load.
 */
function isReportedFault(code: string, input: CheckInput<StateFile, StateFileOp, StateFileResult>): boolean {
  return (input.injected?.length ?? 0) > 0 && (code === 'EIO' || code === 'ENOSPC');
}

export async function checkStateFile(input: CheckInput<StateFile, StateFileOp, StateFileResult>): Promise<Violation[]> {
  const model = new StateFileModel(input.history);
  const saves = input.history.filter((record) => record.operation.kind === 'save');
  const violations: Violation[] = unexpectedErrors({ history: saves, injected: input.injected }, STATE_FILE_SAVE_ERROR_CONTRACT);
  // Rot (--faults rot) of the state file: a load that refuses it with the corruption error is
  // right, until an acknowledged save replaced the rotted file (see support/rot.ts).
  const rots = rotsOf(input.injected, (path) => path.startsWith(`${input.root}/`) && !basename(path).startsWith('.'));
  for (const record of input.history) {
    if (record.operation.kind !== 'load') continue;
    const what = `load op${record.id} (client ${record.client}) during the workload`;
    if (record.outcome.kind === 'error') {
      const refusedRot = isCorruptionRefusal(record.outcome) && rotReached(record, rots, saves);
      if (!refusedRot && !isReportedFault(record.outcome.code, input)) violations.push(failedLoad(record.outcome, what));
    } else if (record.outcome.kind === 'ok') {
      violations.push(...violationOf(model.judge(record.outcome.value?.fingerprint ?? null, windowOf(record), what), true));
    }
  }
  // Under bit flips (`--faults bitflip`) a damaged state file must be refused with a corruption
  // error (one carrying the corruption brand): that is detection, as it should be.
  const flipped = (input.injected ?? []).filter((fault) => damagesData(fault) && fault.path.startsWith(`${input.root}/`));
  let loaded: StateFileResult;
  try {
    loaded = loadedState(await input.recovered.load());
  } catch (error) {
    const outcome = errorOutcome(error);
    if (flipped.length > 0 && isCorruptionReport(error)) return violations;
    if (outcome.kind === 'error' && !isReportedFault(outcome.code, input)) violations.push(failedLoad(outcome, 'after recovery'));
    return violations;
  }
  for (const violation of violationOf(model.judge(loaded?.fingerprint ?? null, AFTER_CRASH, 'after recovery'), false)) {
    const served = flipped.length > 0 && violation.invariant === 'no-partial-visibility';
    violations.push(served ? { invariant: 'no-corrupt-reads', message: `${violation.message}; a bit flip damaged ${flipped.map((f) => f.path).join(', ')} at the crash and load() served it instead of refusing it` } : violation);
  }
  return violations;
}

