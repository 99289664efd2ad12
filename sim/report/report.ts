import type { AnyScenario, OperationOutcome } from '../scenario.js';
import type { CrashStory, FoundViolation, RunResult } from '../runner/run-scenario.js';
import type { ResolvedRunOptions } from '../runner/options.js';
import { encodeValue } from './codec.js';

/**
 * A failure report: everything needed to replay a failing run (scenario, seed, options, crash
 * step, the client programs) plus what a person needs to understand it (violations, history,
 * the calls before the crash, what was not durable).
 */

export const REPORT_FORMAT = 'crashsim-report';
export const REPORT_VERSION = 1;

export interface ReportedOperation {
  readonly id: number;
  readonly client: number;
  readonly operation: string;
  readonly invokedAtStep: number;
  readonly completedAtStep: number | null;
  readonly outcome: string;
}

/** One replayable case: the original run, or its shrunk version. */
export interface ReportedCase {
  readonly options: ResolvedRunOptions;
  readonly crashStep: number;
  readonly stepsCount: number;
  readonly traceHash: string;
  readonly violations: readonly FoundViolation[];
  /** Client programs, JSON-encoded (byte arrays as `{ $bytes }`). */
  readonly workload: unknown;
  readonly history: readonly ReportedOperation[];
  readonly timeline: readonly string[];
  readonly pendingAtCrash: readonly string[];
  /** What the crash did to each unsynced operation in the simplest failing state. */
  readonly crashStory: CrashStory | null;
  /** With `crashRecovery`: the interrupted recovery's calls before it crashed (RunResult.recoveryTimeline). */
  readonly recoveryTimeline: readonly string[];
  /** Faults injected before the crash and bit flips made at it, one line each. */
  readonly injectedFaults: readonly string[];
}

export interface FailureReport {
  readonly format: typeof REPORT_FORMAT;
  readonly version: typeof REPORT_VERSION;
  readonly scenario: string;
  readonly seed: number;
  /**
   * The `--impl` module the run used, or null for the bundled implementation: the path as given,
   * relative to the directory the campaign ran in.
   */
  readonly impl: string | null;
  /**
   * The module that defines the scenario (`--scenario ./path/to/my.scenario.ts`), as given, or
   * null for a bundled scenario. A replay loads it again.
   */
  readonly scenarioModule: string | null;
  readonly original: ReportedCase;
  /** The smallest case found that fails the same invariant, when shrinking ran. */
  readonly minimized: ReportedCase | null;
  /** How far shrinking got, in words. */
  readonly shrinking: string | null;
}

export function describeOutcome(outcome: OperationOutcome<unknown>): string {
  switch (outcome.kind) {
    case 'ok':
      return `ok${outcome.value === undefined ? '' : ` ${summarizeValue(outcome.value)}`}`;
    case 'error':
      return `error ${outcome.code}`;
    case 'cut':
      return 'cut by the crash';
  }
}

function summarizeValue(value: unknown): string {
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  const text = JSON.stringify(encodeValue(value)) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function reportCase(scenario: AnyScenario, result: RunResult): ReportedCase {
  return {
    options: result.options,
    crashStep: result.crashStep,
    stepsCount: result.stepsCount,
    traceHash: result.traceHash,
    violations: result.violations,
    workload: encodeValue(result.workload),
    history: result.history.map((record) => ({
      id: record.id,
      client: record.client,
      operation: scenario.describe(record.operation),
      invokedAtStep: record.invokedAtStep,
      completedAtStep: record.completedAtStep,
      outcome: describeOutcome(record.outcome),
    })),
    timeline: result.timeline,
    pendingAtCrash: result.pendingAtCrash,
    recoveryTimeline: result.recoveryTimeline,
    crashStory: result.crashStory,
    injectedFaults: result.injectedFaults,
  };
}

export function buildReport(
  scenario: AnyScenario,
  original: RunResult,
  extra: { impl: string | null; scenarioModule?: string | null; minimized: RunResult | null; shrinking: string | null },
): FailureReport {
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    scenario: scenario.name,
    seed: original.options.seed,
    impl: extra.impl,
    scenarioModule: extra.scenarioModule ?? null,
    original: reportCase(scenario, original),
    minimized: extra.minimized === null ? null : reportCase(scenario, extra.minimized),
    shrinking: extra.shrinking,
  };
}
