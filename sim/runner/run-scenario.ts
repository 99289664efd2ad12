import { SimFs } from '../disk/index.js';
import type { CrashPoint } from '../disk/index.js';
import { FaultInjector, describeInjectedFault } from '../faults/injector.js';
import { applyBitflips } from '../faults/bitflip.js';
import { parseFaultSpec } from '../faults/parse.js';
import type { FaultPlan } from '../faults/plan.js';
import type { CrashProfile, SimFsOptions, StepInfo } from '../disk/types.js';
import { RngStreams } from '../rng.js';
import { Scheduler } from '../scheduler.js';
import type { AnyScenario, InjectedFault, OperationRecord, SystemFactory, Violation } from '../scenario.js';
import { StableHash, Trace, formatTraceRecord } from '../trace.js';
import { HistoryRecorder, errorOutcome } from './history.js';
import { type ResolvedRunOptions, type RunOptions, resolveRunOptions } from './options.js';
import { describeError } from './describe-error.js';
import { type GuardSlot, checkPostCrashState } from './post-crash.js';
import { RootGuard } from './root-guard.js';
import { RecoveryFaults } from './recovery-faults.js';

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
  /** The client programs that ran (for shrinking and reports). */
  readonly workload: readonly (readonly unknown[])[];
  /**
   * The post-crash disks as the crash left them (before recovery touched them), when
   * `keepStates` was asked for; empty otherwise.
   */
  readonly crashStates: readonly SimFs[];
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
}

const TIMELINE_STEPS = 24;

interface CrashCapture {
  step: number;
  /** Untouched copies of the states, kept only when asked for (recovery mutates `states`). */
  pristine: SimFs[];
  guardSlot: GuardSlot;
  states: SimFs[];
  truncated: boolean;
  timeline: string[];
  pending: string[];
  /** Faults injected into calls before the crash step. */
  callFaults: readonly InjectedFault[];
  /** Bit flips made in each state (index-aligned with `states`). */
  bitflips: InjectedFault[][];
  /** Faults while the states' stores reopen (rules naming a phase); null without such rules. */
  recovery: RecoveryFaults | null;
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
  let run = await executeWorkload(scenario, factory, workload, resolved, streams, faultPlan, plan, { detailed: plan.kind === 'fixed', keepStates: inputs.keepStates === true });
  let capture = requireCapture(run);
  let judged = await judgeCapture(scenario, factory, run, capture, resolved.root);
  if (judged.violations.length > 0 && plan.kind === 'reservoir') {
    // The fast path keeps no timeline; a failing run is executed again, identically (same seed,
    // same crash step, same crash state), keeping the calls and pending operations for the report.
    run = await executeWorkload(scenario, factory, workload, resolved, streams, faultPlan, { kind: 'fixed', step: capture.step }, { detailed: true, keepStates: inputs.keepStates === true });
    capture = requireCapture(run);
    judged = await judgeCapture(scenario, factory, run, capture, resolved.root);
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
    workload,
    crashStates: capture.pristine,
  };
}

/**
 * Among the states that fail the first violation's invariant, the one with the fewest surviving
 * unsynced operations: the smallest explanation of the failure.
 */
function storyOfFailure(capture: CrashCapture, violations: readonly FoundViolation[]): CrashStory | null {
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

function describeCaptureFaults(capture: CrashCapture): string[] {
  const lines = capture.callFaults.map(describeInjectedFault);
  const statePrefix = (state: number): string => (capture.states.length > 1 ? `state ${state}: ` : '');
  capture.bitflips.forEach((flips, state) => {
    for (const flip of flips) lines.push(`${statePrefix(state)}${describeInjectedFault(flip)}`);
  });
  // Recovery faults are numbered by the steps of the post-crash disk, which start again at 0.
  capture.recovery?.injected.forEach((faults, state) => {
    for (const fault of faults) lines.push(`${statePrefix(state)}while recovering: ${describeInjectedFault(fault)}`);
  });
  return lines;
}

function requireCapture(run: WorkloadRun): CrashCapture {
  if (run.capture === null) throw new Error('runScenario: no crash point was captured (a runner bug)');
  return run.capture;
}

interface Judgement {
  readonly violations: FoundViolation[];
  readonly traceHash: string;
  readonly history: OperationRecord<unknown, unknown>[];
}

/** Reopens and checks every post-crash state of the capture. */
async function judgeCapture(
  scenario: AnyScenario,
  factory: SystemFactory<unknown>,
  run: WorkloadRun,
  capture: CrashCapture,
  root: string,
): Promise<Judgement> {
  const hash = new StableHash().update(run.traceHash).update(`|crash@${capture.step}`);
  const history = run.history.viewAt(capture.step);
  const violations: FoundViolation[] = [];
  for (const v of [...run.guard.violations(), ...run.openViolations]) violations.push({ ...v, crashStep: capture.step, state: 0 });
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
      ...(injected.length === 0 ? {} : { injected }),
      ...(recovery === null ? {} : { recoveryFaults: { arm: () => recovery.arm(index), disarm: () => recovery.disarm() } }),
    };
    const checked = await checkPostCrashState(scenario, factory, state, context);
    hash.update(`|state${stateIndex}:${checked.traceHash}`);
    // Call faults are in the workload's trace already (their EIO/ENOSPC outcomes); flips are not.
    for (const flip of capture.bitflips[stateIndex] ?? []) hash.update(`|${describeInjectedFault(flip)}`);
    for (const violation of checked.violations) {
      hash.update(`|${violation.invariant}`);
      violations.push({ ...violation, crashStep: capture.step, state: stateIndex });
    }
    stateIndex++;
  }
  return { violations, traceHash: hash.digest(), history };
}

/** A crash point the reservoir chose, taken at `step` when `faultsCount` faults had been injected. */
interface KeptPoint {
  readonly step: number;
  readonly point: CrashPoint;
  readonly faultsCount: number;
}

type CrashPlan = { kind: 'none' } | { kind: 'reservoir' } | { kind: 'fixed'; step: number };

interface WorkloadRun {
  readonly baseStep: number;
  readonly endStep: number;
  readonly traceHash: string;
  readonly capture: CrashCapture | null;
  readonly history: HistoryRecorder<unknown, unknown>;
  readonly guard: RootGuard;
  readonly openViolations: readonly Violation[];
}

async function executeWorkload(
  scenario: AnyScenario,
  factory: SystemFactory<unknown>,
  workload: readonly (readonly unknown[])[],
  options: ResolvedRunOptions,
  streams: RngStreams,
  faultPlan: FaultPlan,
  plan: CrashPlan,
  detail: { detailed: boolean; keepStates?: boolean },
): Promise<WorkloadRun> {
  const trace = new Trace({ keepRecords: detail.detailed, recordsCountMax: TIMELINE_STEPS * 4 });
  // A crash point is considered when a step is released: the state then is "after trace.count steps".
  const scheduler = new Scheduler(streams.stream('scheduler'), { strategy: options.scheduler, beforeRelease: () => considerCrashAt(trace.count) });
  const crashRng = streams.stream('crash');
  const guard = new RootGuard(options.root);
  let armed = false;
  let capture: CrashCapture | null = null;
  let candidates = 0;
  // A fresh injector per execution: reruns of one run must draw the same faults.
  const injector = faultPlan.hasCallFaults ? new FaultInjector(faultPlan, streams.stream('faults')) : undefined;

  // With `kept`, the crash is built from the point the reservoir chose; without, from the disk now.
  const takeCrash = (step: number, kept?: KeptPoint): void => {
    const guardSlot: GuardSlot = { current: null };
    // Recovery faults draw from a stream of their crash point and state, like bit flips.
    const recovery = faultPlan.hasRecoveryFaults ? new RecoveryFaults(faultPlan, (index) => streams.stream('faults').fork(`recovery@${step}/${index}`)) : null;
    const next = {
      seed: options.seed,
      onStep: (info: StepInfo): void => guardSlot.current?.inspect(info),
      ...(recovery === null ? {} : { faults: recovery }),
    };
    const crashSeed = crashSeedFor(options.seed, step);
    const states = kept === undefined
      ? crashAt(disk, options, crashSeed, next, detail.detailed)
      : { states: [disk.crashCloneAt(kept.point, { profile: options.profile, seed: crashSeed, next })], truncated: false };
    // Flips draw from a stream of their own crash point and state, so a rerun crashing at the
    // same step flips the same bits however many crash points the first run considered.
    const bitflips = faultPlan.hasBitflips
      ? states.states.map((state, index) => applyBitflips(state, faultPlan, streams.stream('faults').fork(`bitflip@${step}/${index}`), step))
      : [];
    const injected = injector === undefined ? [] : injector.injected;
    capture = {
      step,
      pristine: detail.keepStates ? states.states.map((state) => SimFs.fromImage(state.toImage())) : [],
      guardSlot,
      states: states.states,
      truncated: states.truncated,
      timeline: trace.records().slice(-TIMELINE_STEPS).map(formatTraceRecord),
      pending: detail.detailed ? disk.pendingOperations() : [],
      callFaults: injected.slice(0, kept === undefined ? injected.length : kept.faultsCount),
      bitflips,
      recovery,
    };
  };
  // Reservoir sampling over crash positions: position k replaces the current choice with
  // probability 1/(k+1), so every position is equally likely without knowing the run's length.
  // A replaced choice is only a CrashPoint (cheap); the post-crash disk is built once, at the end.
  const reservoir: { kept: KeptPoint | null } = { kept: null };
  const considerCrashAt = (step: number): void => {
    if (plan.kind === 'reservoir') {
      candidates++;
      if (crashRng.int(candidates) === 0) reservoir.kept = { step, point: disk.crashPoint(), faultsCount: injector === undefined ? 0 : injector.injected.length };
    } else if (plan.kind === 'fixed' && step === plan.step && capture === null) {
      takeCrash(step);
    }
  };

  const onStep = (step: StepInfo): Promise<void> | undefined => {
    if (!armed) return undefined;
    guard.inspect(step);
    return scheduler.hook(step);
  };
  const disk = new SimFs({
    trace,
    onStep,
    seed: options.seed,
    readdirOrder: 'shuffled',
    sectorSizeBytes: options.sectorSizeBytes,
    ...(injector === undefined ? {} : { faults: injector }),
  });
  await createRootDurably(disk, options.root);
  const baseStep = trace.count;
  armed = true;
  if (injector !== undefined) injector.active = true;

  const history = new HistoryRecorder<unknown, unknown>();
  const openViolations: Violation[] = [];
  let system: unknown = undefined;
  let opened = false;
  try {
    system = await scheduler.runAsClient(-1, () => factory(disk, options.root));
    opened = true;
  } catch (error) {
    // A store that reports an injected fault while opening does what it must; nothing to judge.
    if (!faultsInjected(injector)) {
      openViolations.push({ invariant: 'open', message: `opening the system on an empty disk failed: ${describeError(error)}` });
    }
  }
  const runProgram = async (client: number, program: readonly unknown[]): Promise<void> => {
    for (const operation of program) {
      const id = history.invoke(client, operation, trace.count);
      try {
        const value = await scenario.apply(system, operation);
        history.complete(id, trace.count, { kind: 'ok', value });
      } catch (error) {
        history.complete(id, trace.count, errorOutcome(error));
      }
    }
  };
  if (opened) {
    await Promise.all(
      workload.map((program, client) =>
        scheduler.runAsClient(client, async () => {
          scheduler.clientStarted();
          try {
            await runProgram(client, program);
          } finally {
            scheduler.clientFinished();
          }
        }),
      ),
    );
    try {
      await scheduler.runAsClient(-1, () => scenario.close(system));
    } catch (error) {
      if (!faultsInjected(injector)) {
        openViolations.push({ invariant: 'close', message: `closing the system after its workload failed: ${describeError(error)}` });
      }
    }
  }
  const endStep = trace.count;
  // The position after the last step: a crash once everything has finished.
  if (plan.kind !== 'none') considerCrashAt(endStep);
  if (plan.kind === 'fixed' && capture === null) takeCrash(endStep);
  if (reservoir.kept !== null) takeCrash(reservoir.kept.step, reservoir.kept);
  armed = false;
  if (injector !== undefined) injector.active = false;
  return { baseStep, endStep, traceHash: trace.hash(), capture, history, guard, openViolations };
}

function faultsInjected(injector: FaultInjector | undefined): boolean {
  return injector !== undefined && injector.injected.length > 0;
}

/**
 * The crash state's seed depends only on the run seed and the crash step, so replaying a report
 * with its crash step fixed rebuilds exactly the same post-crash state.
 */
function crashSeedFor(seed: number, step: number): number {
  return parseInt(new StableHash().update(`crash:${seed}:${step}`).digest().slice(0, 12), 16);
}

function crashAt(disk: SimFs, options: ResolvedRunOptions, crashSeed: number, next: SimFsOptions, explain: boolean): { states: SimFs[]; truncated: boolean } {
  const profile: CrashProfile = options.profile;
  if (options.exploration === 'exhaustive') {
    return disk.crashStates({ profile, maxStates: options.maxStates, next, explain });
  }
  return { states: [disk.crashClone({ profile, seed: crashSeed, next, explain })], truncated: false };
}

/** The root is given, not created by the system: make it exist durably before the workload. */
async function createRootDurably(disk: SimFs, root: string): Promise<void> {
  await disk.mkdir(root, { recursive: true });
  const parts = root.split('/').filter((part) => part !== '');
  for (let depth = parts.length - 1; depth >= 0; depth--) {
    const dir = `/${parts.slice(0, depth).join('/')}`;
    const handle = await disk.open(dir, 'r');
    await handle.sync();
    await handle.close();
  }
}
