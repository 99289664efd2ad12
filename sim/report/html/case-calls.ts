import { SimFs } from '../../disk/index.js';
import { runScenario } from '../../runner/run-scenario.js';
import type { FoundViolation } from '../../runner/run-types.js';
import type { AnyScenario, SystemFactory } from '../../scenario.js';
import type { TraceRecord } from '../../trace.js';
import type { ReportedCase } from '../report.js';
import { decodeWorkloadFor } from '../workload-check.js';

/**
 * Every filesystem call of a reported case, for the HTML report. A report keeps only the last
 * calls before the crash (its timeline), and no call of the recovery that was judged; the case
 * is deterministic, so running it once more with every call kept gives them all: the workload's
 * calls with the lane that made each, and the calls of the recovery in the post-crash state the
 * report explains. The rerun counts only when its trace hash equals the report's.
 */

/** Enough for any run within the runner's step limits; kept calls cost only memory. */
const TRACE_RECORDS_MAX = 1_000_000;

export interface CallRow {
  readonly seq: number;
  /** `setup` (the runner making the root), `system` (opening or closing the system), or `c<N>`. */
  readonly caller: string;
  readonly call: string;
  readonly path: string;
  readonly args: string;
  readonly outcome: string;
}

export interface CaseCalls {
  /** The rerun's trace hash: equal to the report's, or the calls describe another run. */
  readonly traceHash: string;
  readonly workload: readonly CallRow[];
  /** The judged recovery's calls on the post-crash state `recoveryState`. */
  readonly recovery: readonly CallRow[];
  readonly recoveryState: number;
  /** The steps whose call failed because a fault was injected. */
  readonly faultSteps: readonly number[];
  /**
   * The rerun's violations: the same invariants in the same states as the report's when the rerun
   * followed it, in this crashsim's wording (which names operations as `op3`).
   */
  readonly violations: readonly FoundViolation[];
}

/** The post-crash state a report explains: its crash story's, else the first violation's. */
export function explainedState(reported: ReportedCase): number {
  return reported.crashStory?.state ?? reported.violations[0]?.state ?? 0;
}

/**
 * Runs `reported` again with every call kept. `path` names the report in errors about its
 * workload; `which` says which of its cases this is.
 */
export async function traceCase(
  scenario: AnyScenario,
  reported: ReportedCase,
  where: { readonly path: string; readonly which: 'original' | 'minimized'; readonly impl?: SystemFactory<unknown> },
): Promise<CaseCalls> {
  const workload = decodeWorkloadFor(scenario, reported, where.path, where.which);
  const factory = where.impl ?? scenario.defaultFactory;
  const disks: SimFs[] = [];
  const tracing: SystemFactory<unknown> = (fs, root) => {
    if (fs instanceof SimFs && !disks.includes(fs)) disks.push(fs);
    return factory(fs, root);
  };
  const result = await runScenario(
    scenario,
    { ...reported.options, crashStep: reported.crashStep },
    { workload, impl: tracing, traceRecordsCountMax: TRACE_RECORDS_MAX, recordSchedule: true },
  );
  const callerOf = (seq: number): string => {
    if (seq < result.setupSteps) return 'setup';
    const client = result.schedule[seq - result.setupSteps];
    return client === undefined ? '?' : client < 0 ? 'system' : `c${client}`;
  };
  const state = explainedState(reported);
  // The workload's disk comes first; then, per post-crash state in order, the disk its recovery
  // ran on: one, or three with crashRecovery (a counting run, the interrupted one, the judged one).
  const perState = reported.options.crashRecovery ? 3 : 1;
  const expected = 1 + result.statesChecked * perState;
  const stateDisk = (offset: number): readonly TraceRecord[] => (disks.length === expected ? (disks[1 + state * perState + offset]?.trace.records() ?? []) : []);
  const rows = (records: readonly TraceRecord[], caller: (seq: number) => string): CallRow[] => records.map((r) => ({ seq: r.seq, caller: caller(r.seq), call: r.call, path: r.path, args: r.args, outcome: r.outcome }));
  const workloadDisk = disks[0];
  return {
    traceHash: result.traceHash,
    workload: workloadDisk === undefined ? [] : rows(workloadDisk.trace.records(), callerOf),
    recovery: rows(stateDisk(perState - 1), () => 'recovery'),
    recoveryState: state,
    faultSteps: result.callFaults.map((fault) => fault.step),
    violations: result.violations,
  };
}
