import { SimFs } from '../disk/index.js';
import type { CrashPoint } from '../disk/index.js';
import type { CrashProfile, SimFsOptions, StepInfo } from '../disk/types.js';
import { FaultInjector } from '../faults/injector.js';
import { applyBitflips } from '../faults/bitflip.js';
import type { FaultPlan } from '../faults/plan.js';
import type { Rng, RngStreams } from '../rng.js';
import { Scheduler } from '../scheduler.js';
import type { AnyScenario, InjectedFault, SystemFactory, Violation } from '../scenario.js';
import { StableHash, Trace, formatTraceRecord } from '../trace.js';
import { HistoryRecorder, errorOutcome } from './history.js';
import type { ResolvedRunOptions } from './options.js';
import { describeError } from './describe-error.js';
import type { GuardSlot } from './post-crash.js';
import { RootGuard } from './root-guard.js';
import { RecoveryFaults } from './recovery-faults.js';

/**
 * Executing a run's workload: a fresh simulated disk, the clients run concurrently under the
 * scheduler, and the crash point taken (a fixed step, or one chosen by reservoir sampling over
 * every step). Also used for the dry run that counts steps before exhaustive exploration.
 */

/** The calls kept for a report's timeline (the last ones before the crash). */
export const TIMELINE_STEPS = 24;

/** A crash point and its post-crash disk(s), with what the report needs to explain it. */
export interface CrashCapture {
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
  /** With `crashRecovery`: the stream each state's recovery crash draws from; null otherwise. */
  recoveryCrashRngOf: ((state: number) => Rng) | null;
  /** With `crashRecovery`: where each state's recovery was crashed, once judged (one line each). */
  recoveryCrashes: string[];
}

/** A crash point the reservoir chose, taken at `step` when `faultsCount` faults had been injected. */
interface KeptPoint {
  readonly step: number;
  readonly point: CrashPoint;
  readonly faultsCount: number;
}

export type CrashPlan = { kind: 'none' } | { kind: 'reservoir' } | { kind: 'fixed'; step: number };

export interface WorkloadRun {
  readonly baseStep: number;
  readonly endStep: number;
  readonly traceHash: string;
  readonly capture: CrashCapture | null;
  readonly history: HistoryRecorder<unknown, unknown>;
  readonly guard: RootGuard;
  readonly openViolations: readonly Violation[];
  /** With `recordSchedule`: the client of each workload step (see Scheduler.schedule). */
  readonly schedule: readonly number[];
}

export async function executeWorkload(
  scenario: AnyScenario,
  factory: SystemFactory<unknown>,
  workload: readonly (readonly unknown[])[],
  options: ResolvedRunOptions,
  streams: RngStreams,
  faultPlan: FaultPlan,
  plan: CrashPlan,
  detail: { detailed: boolean; keepStates?: boolean; recordSchedule?: boolean },
): Promise<WorkloadRun> {
  const trace = new Trace({ keepRecords: detail.detailed, recordsCountMax: TIMELINE_STEPS * 4 });
  // A crash point is considered when a step is released: the state then is "after trace.count steps".
  const scheduler = new Scheduler(streams.stream('scheduler'), {
    strategy: options.scheduler,
    beforeRelease: () => considerCrashAt(trace.count),
    recordSchedule: detail.recordSchedule === true,
  });
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
      // Like bit flips and recovery faults: a stream of the crash point and state.
      recoveryCrashRngOf: options.crashRecovery ? (index) => streams.stream('recovery-crash').fork(`${step}/${index}`) : null,
      recoveryCrashes: [],
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
  return { baseStep, endStep, traceHash: trace.hash(), capture, history, guard, openViolations, schedule: scheduler.schedule };
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
