import type { FailureReport, ReportedCase } from '../report.js';
import { type CaseCalls, type CallRow, explainedState } from './case-calls.js';

/**
 * What the HTML report shows of one case, extracted from the report (and from a rerun of the case
 * with every call kept, when it followed the report): lanes, operations, calls on the step axis,
 * the crash, what the crash did to each unsynced operation, faults, the recovery, violations.
 * Everything here is still untrusted text; the layout escapes it.
 */

export type Which = 'original' | 'minimized';
export type FateKind = 'survived' | 'lost' | 'torn' | 'size-only';

export interface Lane {
  /** `runner` (setup and the system's own calls), `c0`, `c1`..., or `unknown`. */
  readonly key: string;
  readonly label: string;
}

export interface OperationView {
  readonly id: number;
  readonly lane: string;
  readonly text: string;
  readonly outcome: string;
  readonly status: 'ok' | 'error' | 'cut';
  readonly invokedAtStep: number;
  readonly completedAtStep: number | null;
  /** Named by a violation of the explained state. */
  readonly named: boolean;
}

export interface FateView {
  readonly seq: number;
  readonly what: string;
  readonly kind: FateKind;
  readonly detail: string;
  /** For a torn write: the sectors that reached the disk, and how many it spans. */
  readonly sectors: { readonly kept: readonly number[]; readonly count: number } | null;
}

export interface CallView {
  readonly seq: number;
  readonly lane: string;
  readonly text: string;
  readonly failed: boolean;
  readonly afterCrash: boolean;
  readonly faulted: boolean;
  readonly fate: FateView | null;
}

export interface ViolationView {
  readonly invariant: string;
  readonly message: string;
  readonly state: number;
  readonly operationIds: readonly number[];
}

export interface CaseView {
  readonly which: Which;
  readonly profile: string;
  readonly crashStep: number;
  readonly stepsCount: number;
  readonly traceHash: string;
  readonly faultsSpec: string;
  readonly lanes: readonly Lane[];
  readonly operations: readonly OperationView[];
  readonly calls: readonly CallView[];
  /** Why the calls are incomplete (only the report's last calls), or null when all are shown. */
  readonly callsNote: string | null;
  readonly state: number;
  readonly fates: readonly FateView[];
  /** What was not durable at the crash (the report's lines), whatever the crash did to it. */
  readonly pending: readonly string[];
  readonly faults: readonly string[];
  readonly interruptedRecovery: readonly string[];
  readonly recovery: readonly CallView[] | null;
  readonly violations: readonly ViolationView[];
}

export interface ReportView {
  readonly scenario: string;
  readonly seed: number;
  readonly impl: string | null;
  readonly shrinking: string | null;
  readonly original: CaseView;
  readonly minimized: CaseView | null;
}

// `s14 rename /a/tmp -> /a/x: lost` (`#14` in reports made before steps had their prefix).
const FATE = /^(?:s|#)(\d+) ([\s\S]*): (survived|lost|torn: [\s\S]*|size only: [\s\S]*)$/;
const TORN_SECTORS = /^torn: sectors? ([\d, ]+) of (\d+) reached/;

export function parseFate(line: string): FateView | null {
  const match = FATE.exec(line);
  if (match === null) return null;
  const detail = match[3] as string;
  const kind: FateKind = detail === 'survived' ? 'survived' : detail === 'lost' ? 'lost' : detail.startsWith('torn') ? 'torn' : 'size-only';
  const torn = TORN_SECTORS.exec(detail);
  const sectors = torn === null ? null : { kept: (torn[1] as string).split(',').map((n) => Number(n.trim())), count: Number(torn[2]) };
  return { seq: Number(match[1]), what: match[2] as string, kind, detail, sectors };
}

/**
 * The operations a violation's message names: `op3` (not `op3.0`, which names a value), and
 * `operation #3` in older reports.
 */
export function namedOperations(message: string, known: ReadonlySet<number>): number[] {
  const ids = new Set<number>();
  for (const match of message.matchAll(/\bop(\d+)\b(?!\.\d)|\boperations? #(\d+)/g)) {
    const id = Number(match[1] ?? match[2]);
    if (known.has(id)) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

function laneOfCaller(caller: string): string {
  if (caller === 'setup' || caller === 'system') return 'runner';
  return /^c\d+$/.test(caller) ? caller : 'unknown';
}

function callText(row: CallRow): string {
  return `${row.call} ${row.path}${row.args === '' ? '' : ` ${row.args}`} -> ${row.outcome}`;
}

function isFailure(text: string): boolean {
  return /-> E[A-Z]+\b[^>]*$/.test(text);
}

/** Calls from the report's timeline (`s12 c0 open ...`, or `#12 open ...` in older reports). */
function timelineCalls(lines: readonly string[]): { seq: number; lane: string; text: string }[] {
  const calls: { seq: number; lane: string; text: string }[] = [];
  for (const line of lines) {
    const current = /^s(\d+) (\S+) ([\s\S]*)$/.exec(line);
    const older = /^#(\d+) ([\s\S]*)$/.exec(line);
    if (current !== null) calls.push({ seq: Number(current[1]), lane: laneOfCaller(current[2] as string), text: current[3] as string });
    else if (older !== null) calls.push({ seq: Number(older[1]), lane: 'unknown', text: older[2] as string });
  }
  return calls;
}

function statusOf(outcome: string, completed: number | null): OperationView['status'] {
  if (completed === null) return 'cut';
  return outcome.startsWith('error') ? 'error' : 'ok';
}

export function caseView(reported: ReportedCase, which: Which, calls: CaseCalls | null): CaseView {
  const state = explainedState(reported);
  const followed = calls !== null && calls.traceHash === reported.traceHash;
  const known = new Set(reported.history.map((op) => op.id));
  const violations = reported.violations.map((v, index) => {
    // A report made by an older crashsim may name operations in other words: the rerun's
    // message for the same violation names them as this one does.
    const again = followed ? calls.violations[index] : undefined;
    const alsoNamed = again !== undefined && again.invariant === v.invariant && again.state === v.state ? again.message : '';
    const operationIds = namedOperations(`${v.message}\n${alsoNamed}`, known);
    return { invariant: v.invariant, message: v.message, state: v.state, operationIds };
  });
  const named = new Set(violations.filter((v) => v.state === state).flatMap((v) => v.operationIds));
  const fates = (reported.crashStory?.lines ?? []).map(parseFate).filter((fate): fate is FateView => fate !== null);
  const fateOf = new Map(fates.map((fate) => [fate.seq, fate]));
  const faultSteps = new Set(followed ? calls.faultSteps : []);
  const raw = followed ? calls.workload.map((row) => ({ seq: row.seq, lane: laneOfCaller(row.caller), text: callText(row) })) : timelineCalls(reported.timeline);
  const workloadCalls = raw.map((call) => ({
    ...call,
    failed: isFailure(call.text),
    afterCrash: call.seq >= reported.crashStep,
    faulted: faultSteps.has(call.seq),
    fate: fateOf.get(call.seq) ?? null,
  }));
  const operations = reported.history.map((op) => ({
    id: op.id,
    lane: `c${op.client}`,
    text: op.operation,
    outcome: op.outcome,
    status: statusOf(op.outcome, op.completedAtStep),
    invokedAtStep: op.invokedAtStep,
    completedAtStep: op.completedAtStep,
    named: named.has(op.id),
  }));
  return {
    which,
    profile: reported.options.profile,
    crashStep: reported.crashStep,
    stepsCount: reported.stepsCount,
    traceHash: reported.traceHash,
    faultsSpec: reported.options.faults,
    lanes: lanesOf(reported, workloadCalls),
    operations,
    calls: workloadCalls,
    callsNote: followed ? null : callsNoteOf(calls, reported),
    state,
    fates,
    pending: reported.pendingAtCrash,
    faults: reported.injectedFaults,
    interruptedRecovery: reported.recoveryTimeline,
    recovery: followed && calls.recovery.length > 0 ? calls.recovery.map((row) => ({ seq: row.seq, lane: 'recovery', text: callText(row), failed: isFailure(callText(row)), afterCrash: false, faulted: false, fate: null })) : null,
    violations,
  };
}

function callsNoteOf(calls: CaseCalls | null, reported: ReportedCase): string {
  const why = calls === null
    ? 'the case was not run again'
    : `running the case again gave trace hash ${calls.traceHash}, not the report's ${reported.traceHash} (the code changed since)`;
  return `Only the report's last ${reported.timeline.length} calls before the crash are shown: ${why}.`;
}

function lanesOf(reported: ReportedCase, calls: readonly { lane: string }[]): Lane[] {
  const clients = new Set<number>();
  for (let client = 0; client < reported.options.clientsCount; client++) clients.add(client);
  for (const op of reported.history) clients.add(op.client);
  const lanes: Lane[] = [{ key: 'runner', label: 'runner (setup, open, close)' }];
  for (const client of [...clients].sort((a, b) => a - b)) lanes.push({ key: `c${client}`, label: `client c${client}` });
  if (calls.some((call) => call.lane === 'unknown')) lanes.push({ key: 'unknown', label: 'caller not recorded' });
  return lanes;
}

export function reportView(report: FailureReport, calls: { readonly original: CaseCalls | null; readonly minimized: CaseCalls | null }): ReportView {
  return {
    scenario: report.scenario,
    seed: report.seed,
    impl: report.impl,
    shrinking: report.shrinking,
    original: caseView(report.original, 'original', calls.original),
    minimized: report.minimized === null ? null : caseView(report.minimized, 'minimized', calls.minimized),
  };
}
