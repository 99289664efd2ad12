import { describeInjectedFault } from '../faults/injector.js';
import type { AnyScenario, InjectedFault, OperationRecord, SystemFactory } from '../scenario.js';
import { StableHash } from '../trace.js';
import type { CrashCapture } from './crash-capture.js';
import type { WorkloadRun } from './execute-workload.js';
import type { LivenessWatch } from './liveness.js';
import type { ResolvedRunOptions } from './options.js';
import { checkPostCrashState } from './post-crash.js';
import type { CrashStory, FoundViolation } from './run-types.js';

/**
 * Judging a run's crash capture: every post-crash state reopened and checked (post-crash.ts),
 * the run's fingerprint completed, and what the report says about the crash and its faults.
 */

/**
 * Among the states that fail the first violation's invariant, the one with the fewest surviving
 * unsynced operations: the smallest explanation of the failure.
 */
export function storyOfFailure(capture: CrashCapture, violations: readonly FoundViolation[]): CrashStory | null {
  const invariant = violations[0]?.invariant;
  if (invariant === undefined) return null;
  let best: CrashStory | null = null;
  for (const v of violations) {
    if (v.invariant !== invariant) continue;
    const state = capture.states[v.state];
    if (state === undefined || state.crashStory.length === 0) continue;
    if (best === null || state.crashSurvivorsCount < best.survivors) {
      best = { state: v.state, survivors: state.crashSurvivorsCount, lines: state.crashStory };
    }
  }
  return best;
}

export function describeCaptureFaults(capture: CrashCapture): string[] {
  const lines = capture.callFaults.map((fault) => describeInjectedFault(fault));
  const statePrefix = (state: number): string => (capture.states.length > 1 ? `state ${state}: ` : '');
  capture.bitflips.forEach((flips, state) => {
    for (const flip of flips) lines.push(`${statePrefix(state)}${describeInjectedFault(flip)}`);
  });
  capture.recoveryCrashes.forEach((line, state) => lines.push(`${statePrefix(state)}${line}`));
  // Recovery faults are numbered by the steps of the post-crash disk, which start again at 0.
  capture.recovery?.injected.forEach((faults, state) => {
    for (const fault of faults) lines.push(`${statePrefix(state)}while recovering: ${describeInjectedFault(fault, 'r')}`);
  });
  return lines;
}

/**
 * The text a bit flip adds to the run's fingerprint. Fixed on purpose, apart from how reports
 * word a fault: changing it would change the trace hash of every run with bit flips.
 */
function bitflipFingerprint(flip: InjectedFault): string {
  return `#${flip.step} ${flip.fault} ${flip.call} ${flip.path}: ${flip.detail}`;
}

export function requireCapture(run: WorkloadRun): CrashCapture {
  if (run.capture === null) throw new Error('runScenario: no crash point was captured (a runner bug)');
  return run.capture;
}

interface Judgement {
  readonly violations: FoundViolation[];
  readonly traceHash: string;
  readonly history: OperationRecord<unknown, unknown>[];
}

export interface JudgeInput {
  readonly scenario: AnyScenario;
  readonly factory: SystemFactory<unknown>;
  readonly run: WorkloadRun;
  readonly capture: CrashCapture;
  readonly options: ResolvedRunOptions;
  readonly liveness: LivenessWatch;
}

/** Reopens and checks every post-crash state of the capture. */
export async function judgeCapture(input: JudgeInput): Promise<Judgement> {
  const { scenario, factory, run, capture, liveness } = input;
  const { root, profile } = input.options;
  const hash = new StableHash().update(run.traceHash).update(`|crash@${capture.step}`);
  const history = run.history.viewAt(capture.step);
  const violations: FoundViolation[] = [];
  for (const v of [...run.guard.violations(), ...run.workloadViolations]) violations.push({ ...v, crashStep: capture.step, state: 0 });
  let stateIndex = 0;
  for (const state of capture.states) {
    const injected = [...capture.callFaults, ...(capture.bitflips[stateIndex] ?? [])];
    const recovery = capture.recovery;
    const index = stateIndex;
    const context = {
      history,
      root,
      crashStep: capture.step,
      guardSlot: capture.guardSlot,
      liveness,
      ...(injected.length === 0 ? {} : { injected }),
      ...(recovery === null ? {} : { recoveryFaults: { arm: () => recovery.arm(index), disarm: () => recovery.disarm() } }),
      ...(capture.recoveryCrashRngOf === null ? {} : { recoveryCrash: { rng: capture.recoveryCrashRngOf(index), profile } }),
    };
    const checked = await checkPostCrashState(scenario, factory, state, context);
    hash.update(`|state${stateIndex}:${checked.traceHash}`);
    if (checked.recoveryCrash !== undefined) {
      const { step, steps, traceHash } = checked.recoveryCrash;
      hash.update(`|recovery-crash@${step}/${steps}:${traceHash}`);
      capture.recoveryCrashes[index] = `recovery crashed after step ${step} of ${steps}, then recovered again`;
      capture.recoveryTimelines[index] = [...checked.recoveryCrash.timeline];
    }
    // Call faults are in the workload's trace already (their EIO/ENOSPC outcomes); flips are not.
    for (const flip of capture.bitflips[stateIndex] ?? []) hash.update(`|${bitflipFingerprint(flip)}`);
    for (const violation of checked.violations) {
      hash.update(`|${violation.invariant}`);
      violations.push({ ...violation, crashStep: capture.step, state: stateIndex });
    }
    stateIndex++;
  }
  return { violations, traceHash: hash.digest(), history };
}
