import { damagesData, errorOutcome, isCorruptionReport } from '../../sim/index.js';
import type { CheckInput, OperationOutcome, Violation } from '../../sim/index.js';
import { AFTER_CRASH, type ObservationWindow, windowOf } from './observation.js';
import type { RegisterJudgement } from './register-model.js';
import { isCorruptionRefusal, rotReached, rotsOf } from './rot.js';
import { readTextOf, type ReadText } from './text-values.js';

/**
 * The checks of scenarios made of registers (atomic-file's files, kv's keys): every read during
 * the workload sees an allowed value (stale-read when it missed an acknowledged write), and after
 * recovery each register holds an allowed value (no-partial-visibility, acknowledged-durability,
 * no-resurrection). A read that fails is `read-fails`, unless an injected EIO or ENOSPC explains it
 * or a bit flip or rot damaged the data (refusing damaged data is detection). Under bit flips,
 * serving a value no write wrote is `no-corrupt-reads`.
 */

export interface RegisterCheckSpec<Operation> {
  /** The register a read operation reads; null for any other operation. */
  readOf(operation: Operation): string | null;
  /** Every register to read after recovery, in a fixed order. */
  readonly registers: readonly string[];
  /** How the read is called, for messages: `load(name)`, `get(key)`. */
  describeRead(register: string): string;
  /** Reads a register of the recovered system. */
  readRecovered(register: string): Promise<unknown>;
  judge(register: string, observed: string | null, window: ObservationWindow, what: string): RegisterJudgement;
}

type Input<Operation> = CheckInput<unknown, Operation, ReadText>;

export async function checkRegisters<Operation>(input: Input<Operation>, spec: RegisterCheckSpec<Operation>): Promise<Violation[]> {
  const violations: Violation[] = [];
  // Where an implementation keeps a register is its own business, so any rot under the root
  // (--faults rot) may have damaged the bytes a read needs: refusing them with a corruption error
  // is then detection (see rot.ts).
  const rots = rotsOf(input.injected, (path) => path.startsWith(`${input.root}/`));
  for (const record of input.history) {
    const register = spec.readOf(record.operation);
    if (register === null) continue;
    const what = `${spec.describeRead(register)} #${record.id} (client ${record.client}) during the workload`;
    if (record.outcome.kind === 'error') {
      const refusedRot = isCorruptionRefusal(record.outcome) && rotReached(record, rots, []);
      if (!refusedRot && !isReportedFault(record.outcome.code, input)) violations.push(failedRead(record.outcome, what));
    } else if (record.outcome.kind === 'ok') {
      const judgement = spec.judge(register, record.outcome.value?.fingerprint ?? null, windowOf(record), what);
      violations.push(...violationOf(judgement, true, []));
    }
  }
  const flipped = (input.injected ?? []).filter((fault) => damagesData(fault) && fault.path.startsWith(`${input.root}/`)).map((fault) => fault.path);
  for (const register of spec.registers) {
    const what = `${spec.describeRead(register)} after recovery`;
    let read: ReadText;
    try {
      read = readTextOf(await spec.readRecovered(register));
    } catch (error) {
      const outcome = errorOutcome(error);
      if (flipped.length > 0 && isCorruptionReport(error)) continue;
      if (outcome.kind === 'error' && !isReportedFault(outcome.code, input)) violations.push(failedRead(outcome, what));
      continue;
    }
    violations.push(...violationOf(spec.judge(register, read?.fingerprint ?? null, AFTER_CRASH, what), false, flipped));
  }
  return violations;
}

function violationOf(judgement: RegisterJudgement, duringWorkload: boolean, flipped: readonly string[]): Violation[] {
  if (judgement.ok) return [];
  // While the clients run nothing is lost to a crash: missing an acknowledged write is a stale read.
  if (duringWorkload && judgement.invariant !== 'no-partial-visibility') return [{ invariant: 'stale-read', message: judgement.message }];
  if (flipped.length > 0 && judgement.invariant === 'no-partial-visibility') {
    return [{ invariant: 'no-corrupt-reads', message: `${judgement.message}; a bit flip damaged ${flipped.join(', ')} at the crash and the read served it instead of refusing it` }];
  }
  return [{ invariant: judgement.invariant, message: judgement.message }];
}

function failedRead(outcome: Extract<OperationOutcome<unknown>, { kind: 'error' }>, what: string): Violation {
  return { invariant: 'read-fails', message: `${what} failed: ${outcome.code} ${outcome.message}` };
}

/** Under injected faults (`--faults`), an EIO or ENOSPC passed on is the implementation reporting it, as it should. */
function isReportedFault(code: string, input: Input<unknown>): boolean {
  return (input.injected?.length ?? 0) > 0 && (code === 'EIO' || code === 'ENOSPC');
}
