import type { CheckInput, Violation } from '../../sim/index.js';
import { leftoverFiles, leftoverViolation } from '../support/leftovers.js';
import { checkRegisters } from '../support/register-checks.js';
import { DISK_FAULT_CODES, type ErrorContract, unexpectedErrors } from '../support/unexpected-errors.js';
import { AtomicFileModel } from './model.js';
import { FILE_NAMES, type AtomicFile, type AtomicFileOp, type AtomicFileResult, describeAtomicFileOp } from './operations.js';

/**
 * The `atomic-file` invariants. After the crash and recovery, each file holds exactly one value a
 * save of it wrote, never a torn, empty or mixed one (no-partial-visibility), or is absent only
 * if no save of it was acknowledged; an acknowledged save survives unless a later or overlapping
 * save of the same name replaced it, and a replaced value never comes back
 * (acknowledged-durability); loads during the workload see an allowed value (stale-read); the root
 * holds no file but the saved names (temp-leftover); and no save or load rejects with an error
 * its contract does not document (unexpected-error).
 */

/**
 * What a save or a load may reject with: nothing, on a healthy disk. A load of a name never saved
 * resolves to undefined (the System interface), so not even ENOENT is an answer. Under injected
 * faults, the failing disk's EIO or ENOSPC passed on.
 */
export const ATOMIC_FILE_ERROR_CONTRACT: ErrorContract<AtomicFileOp> = {
  documented: () => [],
  faultCodes: DISK_FAULT_CODES,
  describe: describeAtomicFileOp,
};

export async function checkAtomicFile(input: CheckInput<AtomicFile, AtomicFileOp, AtomicFileResult>): Promise<Violation[]> {
  const model = new AtomicFileModel(input.history);
  const violations = unexpectedErrors(input, ATOMIC_FILE_ERROR_CONTRACT);
  violations.push(...(await checkRegisters(input, {
    readOf: (op) => (op.kind === 'load' ? op.name : null),
    registers: model.names,
    describeRead: (name) => `load(${JSON.stringify(name)})`,
    readRecovered: (name) => input.recovered.load(name),
    judge: (name, observed, window, what) => model.judge(name, observed, window, what),
  })));
  const leftovers = await leftoverFiles(input.fs, input.root, new Set(FILE_NAMES));
  violations.push(...leftoverViolation(leftovers, input.root, `are not among the saved names (${FILE_NAMES.join(', ')})`));
  return violations;
}
