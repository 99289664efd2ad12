import { parseFaultSpec } from '../faults/parse.js';
import { FaultPlan } from '../faults/plan.js';
import { executingRunTimers } from '../node/run-timers.js';
import { RngStreams } from '../rng.js';
import type { AnyScenario, SystemFactory } from '../scenario.js';
import { type CrashStrategy, NO_CRASH, fixedCrash, reservoirCrash } from './crash-strategy.js';
import { executeWorkload, type WorkloadRun } from './execute-workload.js';
import { describeCaptureFaults, judgeCapture, requireCapture, storyOfFailure } from './judge.js';
import { collectingMarks } from './mark-tally.js';
import { LivenessWatch, type VirtualTimers } from './liveness.js';
import { type RunOptions, type ResolvedRunOptions, resolveRunOptions } from './options.js';
import type { RunInputs, RunResult } from './run-types.js';
import { drawSwarmConfiguration } from '../swarm/draw.js';
import { checkSwarmFitsScenario } from '../swarm/validate.js';

/**
 * One run, from a seed to a verdict: resolve the options and draw the workload from the seed;
 * execute the workload on a fresh simulated disk with the clients under the scheduler, crashing
 * where the crash strategy chooses (execute-workload.ts, crash-strategy.ts, crash-capture.ts);
 * reopen the system on each post-crash state and check it (judge.ts, post-crash.ts,
 * reopen-and-check.ts). Every phase is awaited through one liveness watch (liveness.ts).
 *
 * Two cases execute the workload more than once, each identically (same seed, same schedule):
 * exhaustive exploration without a fixed crash step counts the run's steps first, to draw the
 * crash step uniformly; and a failing run on the fast path executes again at its crash step with
 * the timeline and pending operations kept, which the report needs and the fast path never pays for.
 */

export type { CrashStory, FoundViolation, RunInputs, RunResult } from './run-types.js';

/** Everything a run derives from its options before executing anything. */
interface PreparedRun {
  readonly scenario: AnyScenario;
  readonly factory: SystemFactory<unknown>;
  readonly resolved: ResolvedRunOptions;
  readonly streams: RngStreams;
  readonly faultPlan: FaultPlan;
  readonly workload: readonly (readonly unknown[])[];
  readonly liveness: LivenessWatch;
  readonly inputs: RunInputs;
}

export async function runScenario(scenario: AnyScenario, options: RunOptions, inputs: RunInputs = {}): Promise<RunResult> {
  const { value, marks } = await collectingMarks(() => runCollecting(scenario, options, inputs));
  return { ...value, marks };
}

/** The run itself, while runScenario collects the coverage marks it hits. */
async function runCollecting(scenario: AnyScenario, options: RunOptions, inputs: RunInputs): Promise<Omit<RunResult, 'marks'>> {
  const run = prepareRun(scenario, options, inputs);
  const crashStep = run.resolved.crashStep ?? (run.resolved.exploration === 'exhaustive' ? await drawCrashStep(run) : null);
  const strategy = crashStep === null ? reservoirCrash(run.streams.stream('crash')) : fixedCrash(crashStep);
  let executed = await execute(run, strategy, crashStep !== null);
  let judged = await judge(run, executed);
  if (judged.violations.length > 0 && crashStep === null) {
    executed = await execute(run, fixedCrash(requireCapture(executed).step), true);
    judged = await judge(run, executed);
  }
  return resultOf(run, executed, judged);
}

function prepareRun(scenario: AnyScenario, options: RunOptions, inputs: RunInputs): PreparedRun {
  const streams = new RngStreams(options.seed);
  const drawnClients = 1 + streams.stream('size').int(4);
  const swarm = options.swarm === true ? drawSwarmConfiguration(streams.stream('swarm'), scenario.swarm) : options.swarm;
  // Explicit client programs fix the clients, whatever a swarm configuration says.
  const clients = inputs.workload === undefined || options.clientsCount !== undefined ? {} : { clientsCount: inputs.workload.length };
  const resolved = resolveRunOptions({ ...options, ...clients, ...(swarm === undefined || swarm === null ? {} : { swarm }) }, inputs.workload?.length ?? drawnClients);
  if (resolved.swarm !== null) checkSwarmFitsScenario(resolved.swarm, scenario.swarm, scenario.name);
  const workload = inputs.workload ?? scenario.generate(streams.stream('workload'), {
    clientsCount: resolved.clientsCount,
    operationsCount: resolved.operationsCount,
    ...(resolved.swarm === null ? {} : { knobs: resolved.swarm.knobs }),
  });
  // Code under test in a deterministic process (sim/node) waits on virtual timers its run fires.
  const timers: VirtualTimers = inputs.timers ?? executingRunTimers;
  return {
    scenario,
    factory: inputs.impl ?? scenario.defaultFactory,
    resolved,
    streams,
    // A plan given as a value is used as it is; a spec is parsed once, here.
    faultPlan: options.faults instanceof FaultPlan ? options.faults : parseFaultSpec(resolved.faults),
    workload,
    liveness: new LivenessWatch({ stepsMax: resolved.stepsMax, virtualTimeMsMax: resolved.virtualTimeMsMax }, timers),
    inputs,
  };
}

/** Exhaustive exploration enumerates states at one exact step: a first execution counts them. */
async function drawCrashStep(run: PreparedRun): Promise<number> {
  const dry = await execute(run, NO_CRASH, false);
  return dry.baseStep + run.streams.stream('crash-point').int(dry.endStep - dry.baseStep + 1);
}

function execute(run: PreparedRun, crash: CrashStrategy, detailed: boolean): Promise<WorkloadRun> {
  return executeWorkload({
    scenario: run.scenario,
    factory: run.factory,
    workload: run.workload,
    options: run.resolved,
    streams: run.streams,
    faultPlan: run.faultPlan,
    crash,
    liveness: run.liveness,
    detailed,
    keepStates: run.inputs.keepStates === true,
    recordSchedule: run.inputs.recordSchedule === true,
    ...(run.inputs.traceRecordsCountMax === undefined ? {} : { traceRecordsCountMax: run.inputs.traceRecordsCountMax }),
  });
}

async function judge(run: PreparedRun, executed: WorkloadRun): Promise<Awaited<ReturnType<typeof judgeCapture>>> {
  return judgeCapture({
    scenario: run.scenario,
    factory: run.factory,
    run: executed,
    capture: requireCapture(executed),
    options: run.resolved,
    liveness: run.liveness,
  });
}

function resultOf(run: PreparedRun, executed: WorkloadRun, judged: Awaited<ReturnType<typeof judgeCapture>>): Omit<RunResult, 'marks'> {
  const capture = requireCapture(executed);
  const { violations, traceHash, history } = judged;
  return {
    scenario: run.scenario.name,
    options: run.resolved,
    traceHash,
    stepsCount: executed.endStep,
    setupSteps: executed.baseStep,
    crashStep: capture.step,
    statesChecked: capture.states.length,
    statesTruncated: capture.truncated,
    violations,
    history,
    timeline: capture.timeline,
    pendingAtCrash: capture.pending,
    recoveryTimeline: capture.recoveryTimelines[violations[0]?.state ?? 0] ?? [],
    crashStory: storyOfFailure(capture, violations),
    injectedFaults: describeCaptureFaults(capture),
    callFaults: capture.callFaults,
    workload: run.workload,
    crashStates: capture.pristine,
    schedule: executed.schedule,
  };
}
