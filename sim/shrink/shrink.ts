import { parseFaultSpec } from '../faults/parse.js';
import { runScenario, type RunResult } from '../runner/run-scenario.js';
import type { AnyScenario, SystemFactory } from '../scenario.js';
import { operationsIn, type FailingCase, type ShrinkCase } from './case.js';
import { driveShrink } from './drive.js';
import type { Judge } from './pass.js';
import { defaultShrinkStages } from './passes/index.js';

/**
 * Shrinking: turn a failing run into the smallest case we can find that still fails the SAME
 * invariant. A random run judges one post-crash state drawn from (seed, crash step); once the
 * workload changes, that draw lands on a different state, so a candidate judged by one draw
 * would often pass by luck. Candidates are therefore judged on every legal post-crash state (up
 * to EXPLORE_STATES_MAX): a candidate fails if any state fails. The minimal case keeps that
 * exhaustive exploration, so replaying it finds the failing state again.
 *
 * The passes (sim/shrink/passes, in the order of defaultShrinkStages) try fewer clients, fewer
 * operations, an earlier crash point, fewer fault rules, rarer faults, exact faults and the
 * gentlest crash model; driveShrink runs them to a fixpoint. The fault plan stays a FaultPlan
 * value throughout; it becomes text only in the runs' resolved options, for the report. Bounded
 * in attempts and by a caller-supplied stop signal (a time budget read from the caller's clock).
 */

export interface ShrinkOptions {
  /** Runs to try at most. Default 400. */
  attemptsMax?: number;
  /** Asked before each attempt; true stops shrinking (e.g. a wall-clock budget). */
  shouldStop?: () => boolean;
  impl?: SystemFactory<unknown>;
}

export interface ShrinkResult {
  /** The smallest failing run found (the original if nothing smaller failed). */
  readonly minimal: RunResult;
  readonly attempts: number;
  /** True when shrinking stopped on its budget rather than at a fixpoint. */
  readonly budgetExhausted: boolean;
  /** How far it got, in words, for the report. */
  readonly summary: string;
}

/** Runs to try at most, unless the caller says otherwise. */
const ATTEMPTS_MAX_DEFAULT = 400;

/** States judged per candidate (exhaustive exploration's bound while shrinking). */
const EXPLORE_STATES_MAX = 64;

export async function shrinkFailure(scenario: AnyScenario, original: RunResult, options: ShrinkOptions = {}): Promise<ShrinkResult> {
  const invariant = original.violations[0]?.invariant;
  if (invariant === undefined) throw new Error('shrinkFailure: the run did not fail; there is nothing to shrink');
  const attemptsMax = options.attemptsMax ?? ATTEMPTS_MAX_DEFAULT;
  // The run of the best case: the driver keeps every candidate the judge finds failing.
  let minimal = original;
  const judge: Judge = async (candidate) => {
    const run = await runCandidate(scenario, original, candidate, options.impl);
    if (!run.violations.some((v) => v.invariant === invariant)) return null;
    minimal = run;
    return failingCaseOf(run, candidate);
  };
  // A run records its plan as text: parsed once, here; from then on the plan is a value.
  const start = failingCaseOf(original, {
    workload: original.workload,
    crashStep: original.crashStep,
    profile: original.options.profile,
    faults: parseFaultSpec(original.options.faults),
  });
  const outOfBudget = (attempts: number): boolean => attempts >= attemptsMax || options.shouldStop?.() === true;
  const { attempts, budgetExhausted } = await driveShrink(start, defaultShrinkStages(), judge, outOfBudget);
  const summary =
    `shrunk from ${describeCase(original)} to ${describeCase(minimal)} in ${attempts} attempts` +
    (budgetExhausted ? ', stopped by its budget (a smaller case may exist)' : ', at a fixpoint');
  return { minimal, attempts, budgetExhausted, summary };
}

/** One run of `candidate`: the original's options, judged on every post-crash state. */
function runCandidate(scenario: AnyScenario, original: RunResult, candidate: ShrinkCase, impl: SystemFactory<unknown> | undefined): Promise<RunResult> {
  return runScenario(
    scenario,
    {
      ...original.options,
      // Exhaustive judging, with at least EXPLORE_STATES_MAX states (more if the original had more).
      exploration: 'exhaustive',
      maxStates: Math.max(original.options.maxStates, EXPLORE_STATES_MAX),
      profile: candidate.profile,
      faults: candidate.faults,
      clientsCount: Math.max(1, candidate.workload.length),
      crashStep: candidate.crashStep,
    },
    { workload: candidate.workload, ...(impl === undefined ? {} : { impl }) },
  );
}

/** The failing case `run` made of `candidate` (the crash step as the run took it: it may clamp). */
function failingCaseOf(run: RunResult, candidate: ShrinkCase): FailingCase {
  return {
    workload: run.workload,
    crashStep: run.crashStep,
    profile: candidate.profile,
    faults: candidate.faults,
    setupSteps: run.setupSteps,
    callFaults: run.callFaults,
  };
}

function describeCase(run: RunResult): string {
  return (
    `${run.workload.length} clients / ${operationsIn(run.workload)} operations / crash after step ${run.crashStep} (${run.options.profile}` +
    `${run.options.faults === '' ? '' : `, faults ${run.options.faults}`})`
  );
}
