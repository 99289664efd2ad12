import { openStateFile } from '../src/statefile/index.js';
import type { StateFile } from '../src/statefile/index.js';
import type { Rng } from '../sim/rng.js';
import { isCorruptionReport } from '../sim/faults/corruption.js';
import { errorOutcome } from '../sim/runner/history.js';
import type { CheckInput, OperationOutcome, Scenario, SystemFactory, Violation, WorkloadSize } from '../sim/scenario.js';
import { StateFileModel } from './state-file/model.js';
import { AFTER_CRASH, windowOf } from './support/observation.js';
import type { Judgement } from './state-file/model.js';
import { STATE_SIZES_BYTES, applyStateFileOp, describeStateFileOp, loadedState } from './state-file/ops.js';
import type { StateFileOp, StateFileResult } from './state-file/ops.js';

export type { LoadedState, StateFileOp, StateFileResult } from './state-file/ops.js';

/**
 * A JSON state file (config, checkpoint, "last processed id") under concurrent saves of distinct
 * values from a few bytes to a few KiB, and loads, crashed anywhere. Invariants: load() never
 * fails on a crash state and never returns a torn, empty or foreign value (no-partial-visibility);
 * after the crash it returns a value some save wrote, or nothing if no save was acknowledged; an
 * acknowledged save survives unless a later or overlapping save replaced it
 * (acknowledged-durability); loads during the workload see an allowed value (stale-read).
 *
 * `--impl MODULE` contract: the module's default export is a factory
 * `(fs: FileSystem, root: string) => Promise<StateFile>`, where
 * `StateFile = { save(state: unknown): Promise<void>; load(): Promise<unknown>; close?(): Promise<void> }`.
 * `load()` resolves to undefined when nothing was saved. The factory is called on an empty `root`
 * directory first, then again on each post-crash disk to recover. The scenario does not look at
 * file names, so leftover temp files are the implementation's business.
 */

export const openStateFileScenarioStore: SystemFactory<StateFile> = (fs, root) => openStateFile(fs, root);

function generate(rng: Rng, size: WorkloadSize): StateFileOp[][] {
  const programs: StateFileOp[][] = Array.from({ length: size.clientsCount }, () => []);
  for (let valueId = 0; valueId < size.operationsCount; valueId++) {
    const op: StateFileOp = rng.float() < 0.7 ? { kind: 'save', valueId, sizeBytes: rng.pick(STATE_SIZES_BYTES) } : { kind: 'load' };
    (programs[rng.int(size.clientsCount)] as StateFileOp[]).push(op);
  }
  return programs;
}

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

async function check(input: CheckInput<StateFile, StateFileOp, StateFileResult>): Promise<Violation[]> {
  const model = new StateFileModel(input.history);
  const violations: Violation[] = [];
  for (const record of input.history) {
    if (record.operation.kind !== 'load') continue;
    const what = `load #${record.id} (client ${record.client}) during the workload`;
    if (record.outcome.kind === 'error') {
      if (!isReportedFault(record.outcome.code, input)) violations.push(failedLoad(record.outcome, what));
    } else if (record.outcome.kind === 'ok') { violations.push(...violationOf(model.judge(record.outcome.value?.fingerprint ?? null, windowOf(record), what), true));
    }
  }
  // Under bit flips (`--faults bitflip`) a damaged state file must be refused with a corruption
  // error (a code or name saying corrupt or checksum): that is detection, as it should be.
  const flipped = (input.injected ?? []).filter((fault) => fault.fault === 'bitflip' && fault.path.startsWith(`${input.root}/`));
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

export const stateFileScenario: Scenario<StateFile, StateFileOp, StateFileResult> = {
  name: 'state-file',
  description: 'concurrent saves (1 B to 5 KiB of JSON) and loads of one JSON state file, crashed anywhere',
  defaultFactory: openStateFileScenarioStore,
  generate,
  apply: applyStateFileOp,
  close: async (store) => {
    await store.close?.();
  },
  check,
  describe: describeStateFileOp,
};
