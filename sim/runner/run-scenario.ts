import type { SimFs } from '../disk/index.js';
import { parseFaultSpec } from '../faults/parse.js';
import { RngStreams } from '../rng.js';
import type { AnyScenario, InjectedFault, OperationRecord, SystemFactory, Violation } from '../scenario.js';
import { type RunOptions, type ResolvedRunOptions, resolveRunOptions } from './options.js';
import { executeWorkload } from './execute-workload.js';
import type { CrashPlan } from './execute-workload.js';
import { describeCaptureFaults, judgeCapture, requireCapture, storyOfFailure } from './judge.js';

/**
 * One run: open the system on a fresh simulated disk, run the clients concurrently under the
 * scheduler, crash at a step chosen from the seed, then reopen the system on the post-crash
 * state(s), let it recover, and check the history against the scenario's invariants.
 */

/** A violation found at one post-crash state. */
export interface FoundViolation extends Violation {
  /** Steps taken before the crash. */
  readonly crashStep: number;
  /** Which post-crash state (0 in random exploration). */
  readonly state: number;
}

export interface RunResult {
  readonly scenario: string;
  readonly options: ResolvedRunOptions;
  /** Fingerprint of the whole run: the workload's trace, the crash point and every recovery's trace. */
  readonly traceHash: string;
  /**
   * Steps in the whole run, counted like `crashStep`: from the disk's first call, so the few
   * steps that create the root before the workload are included.
   */
  readonly stepsCount: number;
  /** Steps taken by that setup: the earliest possible crash point. */
  readonly setupSteps: number;
  /** Steps taken before the crash. */
  readonly crashStep: number;
  /** Post-crash states reopened and checked. */
  readonly statesChecked: number;
  /** Whether exhaustive exploration hit maxStates. */
  readonly statesTruncated: boolean;
  readonly violations: readonly FoundViolation[];
  /** The history as the crash left it. */
  readonly history: readonly OperationRecord<unknown, unknown>[];
  /** The calls just before the crash, one line each. */
  readonly timeline: readonly string[];
  /** What was not durable at the crash, one line each. */
  readonly pendingAtCrash: readonly string[];
  /**
   * The failing post-crash state that needed the fewest unsynced operations to survive, and what
   * the crash did to each of them (null when nothing failed, or on the fast path's first pass).
   */
  readonly crashStory: CrashStory | null;
  /**
   * The faults injected before the crash and the bit flips made in the post-crash state(s), one
   * line each (see describeInjectedFault); empty without `faults`.
   */
  readonly injectedFaults: readonly string[];
  /** The call faults injected into the workload before the crash, as data (for the shrinker). */
  readonly callFaults: readonly InjectedFault[];
  /** The client programs that ran (for shrinking and reports). */
  readonly workload: readonly (readonly unknown[])[];
  /**
   * The post-crash disks as the crash left them (before recovery touched them), when
   * `keepStates` was asked for; empty otherwise.
   */
  readonly crashStates: readonly SimFs[];
  /**
   * The client that took each workload step, in step order from `setupSteps` (-1: the runner
   * opening or closing the system), when `recordSchedule` was asked for; empty otherwise.
   */
  readonly schedule: readonly number[];
}

export interface CrashStory {
  /** Which post-crash state. */
  readonly state: number;
  /** How many unsynced operations reached the disk, at least in part, in that state. */
  readonly survivors: number;
  /** One line per unsynced operation: what the crash did to it. */
  readonly lines: readonly string[];
}

export interface RunInputs {
  /** The implementation under test. Default: the scenario's bundled factory. */
  readonly impl?: SystemFactory<unknown>;
  /** Explicit client programs instead of generated ones (replaying a shrunk case). */
  readonly workload?: readonly (readonly unknown[])[];
  /**
   * Keep the post-crash disks in the result (`crashStates`), e.g. to write them to a real disk
   * for confirmation. They are checked either way; keeping them only costs memory.
   */
  readonly keepStates?: boolean;
  /**
   * Record which client took each workload step (`schedule`), so a real-disk run can follow the
   * same interleaving (kill-mode confirmation). Same interleaving either way.
   */
  readonly recordSchedule?: boolean;
}

export async function runScenario(scenario: AnyScenario, options: RunOptions, inputs: RunInputs = {}): Promise<RunResult> {
  const streams = new RngStreams(options.seed);
  const drawnClients = 1 + streams.stream('size').int(4);
  const resolved = resolveRunOptions(options, inputs.workload?.length ?? drawnClients);
  const factory = inputs.impl ?? scenario.defaultFactory;
  const faultPlan = parseFaultSpec(resolved.faults);
  const workload = inputs.workload ?? scenario.generate(streams.stream('workload'), {
    clientsCount: resolved.clientsCount,
    operationsCount: resolved.operationsCount,
  });

  // Exhaustive exploration enumerates states at one exact step, so it needs the run's length
  // first: a dry run (identical, by determinism) counts the steps.
  let crashStep = resolved.crashStep;
  if (crashStep === null && resolved.exploration === 'exhaustive') {
    const dry = await executeWorkload(scenario, factory, workload, resolved, streams, faultPlan, { kind: 'none' }, { detailed: false });
    crashStep = dry.baseStep + streams.stream('crash-point').int(dry.endStep - dry.baseStep + 1);
  }
  const plan: CrashPlan = crashStep === null ? { kind: 'reservoir' } : { kind: 'fixed', step: crashStep };
  let run = await executeWorkload(scenario, factory, workload, resolved, streams, faultPlan, plan, { detailed: plan.kind === 'fixed', keepStates: inputs.keepStates === true, recordSchedule: inputs.recordSchedule === true });
  let capture = requireCapture(run);
  let judged = await judgeCapture(scenario, factory, run, capture, resolved.root, resolved.profile);
  if (judged.violations.length > 0 && plan.kind === 'reservoir') {
    // The fast path keeps no timeline; a failing run is executed again, identically (same seed,
    // same crash step, same crash state), keeping the calls and pending operations for the report.
    run = await executeWorkload(scenario, factory, workload, resolved, streams, faultPlan, { kind: 'fixed', step: capture.step }, { detailed: true, keepStates: inputs.keepStates === true, recordSchedule: inputs.recordSchedule === true });
    capture = requireCapture(run);
    judged = await judgeCapture(scenario, factory, run, capture, resolved.root, resolved.profile);
  }
  const { violations, traceHash, history } = judged;
  return {
    scenario: scenario.name,
    options: { ...resolved, crashStep: resolved.crashStep },
    traceHash,
    stepsCount: run.endStep,
    setupSteps: run.baseStep,
    crashStep: capture.step,
    statesChecked: capture.states.length,
    statesTruncated: capture.truncated,
    violations,
    history,
    timeline: capture.timeline,
    pendingAtCrash: capture.pending,
    crashStory: storyOfFailure(capture, violations),
    injectedFaults: describeCaptureFaults(capture),
    callFaults: capture.callFaults,
    workload,
    crashStates: capture.pristine,
    schedule: run.schedule,
  };
}
