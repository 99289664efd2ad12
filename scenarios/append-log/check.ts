import { damagesData, errorOutcome, isCorruptionReport } from '../../sim/index.js';
import type { CheckInput, Violation } from '../../sim/index.js';
import { AFTER_CRASH, windowOf } from '../support/observation.js';
import { DISK_FAULT_CODES, type ErrorContract, unexpectedErrors } from '../support/unexpected-errors.js';
import { isCorruptionRefusal, rotReached, rotsOf } from '../support/rot.js';
import { AppendLogModel, type LogFinding } from './model.js';
import { describeAppendLogOp, readRecordsOf, type AppendLog, type AppendLogOp, type AppendLogResult, type ReadRecord } from './operations.js';

/**
 * The `append-log` invariants. After the crash and recovery, readAll() returns a prefix of what
 * was appended, in an order real time allows (log-prefix), with every acknowledged record
 * (acknowledged-durability) and no torn or foreign record (no-torn-record); reads during the
 * workload see the same, with missing acknowledged records as stale-read (unless rot damaged the
 * log before the read: it may stop there). A read that fails is
 * read-fails, unless an injected EIO or ENOSPC explains it or a bit flip or rot damaged the log (refusing
 * damaged data is detection); under bit flips, serving a damaged record is no-corrupt-reads, and a
 * log cut short where a flip hit is not a loss (a flipped bit in the last records cannot be told
 * from a torn tail, so a log may drop them as one). No append or readAll rejects with an error its
 * contract does not document (unexpected-error).
 */

type Input = CheckInput<AppendLog, AppendLogOp, AppendLogResult>;

/**
 * What an append or a readAll may reject with: nothing, on a healthy disk (a log with no records
 * reads as []). Under injected faults, the failing disk's EIO or ENOSPC passed on, also by a
 * log that refuses appends after an earlier failure (with that failure's code).
 */
export const APPEND_LOG_ERROR_CONTRACT: ErrorContract<AppendLogOp> = {
  documented: () => [],
  faultCodes: DISK_FAULT_CODES,
  describe: describeAppendLogOp,
};

export async function checkAppendLog(input: Input): Promise<Violation[]> {
  const model = new AppendLogModel(input.history);
  const violations: Violation[] = unexpectedErrors(input, APPEND_LOG_ERROR_CONTRACT);
  // Rot (--faults rot) damages a record of the log for good while it runs: from then on a read may
  // refuse the log (a corruption error) or stop before the damaged record, as after a bit flip;
  // it may never serve the damaged record (see support/rot.ts).
  const rots = rotsOf(input.injected, (path) => path.startsWith(`${input.root}/`));
  for (const record of input.history) {
    if (record.operation.kind !== 'readAll') continue;
    const what = `readAll #${record.id} (client ${record.client}) during the workload`;
    const rotted = rotReached(record, rots, []);
    if (record.outcome.kind === 'error') {
      const excused = (rotted && isCorruptionRefusal(record.outcome)) || isReportedFault(record.outcome.code, input);
      if (!excused) violations.push({ invariant: 'read-fails', message: `${what} failed: ${record.outcome.code} ${record.outcome.message}` });
    } else if (record.outcome.kind === 'ok') {
      const findings = model.judge(record.outcome.value ?? [], windowOf(record), what);
      violations.push(...findings.filter((f) => !(rotted && f.invariant === 'acknowledged-durability')).map((f) => asWorkloadViolation(f)));
    }
  }
  const flipped = (input.injected ?? []).filter((fault) => damagesData(fault) && fault.path.startsWith(`${input.root}/`)).map((fault) => fault.path);
  let read: ReadRecord[];
  try {
    read = readRecordsOf(await input.recovered.readAll());
  } catch (error) {
    const outcome = errorOutcome(error);
    const excused = (flipped.length > 0 && isCorruptionReport(error)) || (outcome.kind === 'error' && isReportedFault(outcome.code, input));
    if (!excused && outcome.kind === 'error') violations.push({ invariant: 'read-fails', message: `readAll after recovery failed: ${outcome.code} ${outcome.message}` });
    return violations;
  }
  for (const finding of model.judge(read, AFTER_CRASH, 'readAll after recovery')) {
    // A log cannot tell a flipped bit in its last records from a torn tail, so it may cut there.
    if (flipped.length > 0 && finding.invariant === 'acknowledged-durability') continue;
    const served = flipped.length > 0 && finding.invariant === 'no-torn-record';
    violations.push(served ? { invariant: 'no-corrupt-reads', message: `${finding.message}; a bit flip damaged ${flipped.join(', ')} at the crash and readAll served it instead of refusing it` } : finding);
  }
  return violations;
}

/** While the clients run nothing is lost to a crash: a missing acknowledged record is a stale read. */
function asWorkloadViolation(finding: LogFinding): Violation {
  return finding.invariant === 'acknowledged-durability' ? { invariant: 'stale-read', message: finding.message } : finding;
}

/** Under injected faults (`--faults`), an EIO or ENOSPC passed on is the implementation reporting it, as it should. */
function isReportedFault(code: string, input: Input): boolean {
  return (input.injected?.length ?? 0) > 0 && (code === 'EIO' || code === 'ENOSPC');
}
