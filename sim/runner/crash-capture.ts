import { SimFs } from '../disk/index.js';
import type { CrashProfile, SimFsOptions, StepInfo } from '../disk/types.js';
import { applyBitflips } from '../faults/bitflip.js';
import type { FaultInjector } from '../faults/injector.js';
import type { FaultPlan } from '../faults/plan.js';
import type { Rng, RngStreams } from '../rng.js';
import type { InjectedFault } from '../scenario.js';
import { StableHash, type Trace, formatTraceRecord } from '../trace.js';
import type { CrashSite, KeptPoint } from './crash-strategy.js';
import type { ResolvedRunOptions } from './options.js';
import { RecoveryFaults } from './recovery-faults.js';

/**
 * Building a crash: the post-crash disk(s) a chosen crash point leaves, with what the judge and
 * the report need about it (the calls before it, what was pending, the faults injected, the bit
 * flips made in each state). Every random choice here draws from a stream named after the crash
 * step and the state, so a rerun crashing at the same step builds exactly the same states however
 * many crash points the first run considered.
 */

/** The calls kept for a report's timeline (the last ones before the crash). */
export const TIMELINE_STEPS = 24;

/**
 * Post-crash disks are built while the workload runs, before anyone knows which of them will be
 * checked, so their step hook forwards to whichever guard is checking them now.
 */
export interface GuardSlot {
  current: { inspect(step: StepInfo): void } | null;
  /** Steps the post-crash disk being checked now has taken (for the step limit). */
  steps: number;
  /** Answers whether the disk now checked is past its step limit (then its caller is parked for good). */
  overLimit: (steps: number) => boolean;
}

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
  /** With `crashRecovery`: each state's interrupted recovery, its last calls before that crash. */
  recoveryTimelines: string[][];
}

export interface CaptureContext {
  readonly disk: SimFs;
  readonly trace: Trace;
  readonly options: ResolvedRunOptions;
  readonly streams: RngStreams;
  readonly faultPlan: FaultPlan;
  readonly injector: FaultInjector | undefined;
  /** Keep the timeline's calls and the pending operations (a report is coming). */
  readonly detailed: boolean;
  readonly keepStates: boolean;
  /** Limits the steps of each post-crash disk's recovery (see LivenessWatch.overStepLimit). */
  readonly recoveryOverLimit: (steps: number) => boolean;
  /** Who made the call of step `seq`, as the timeline names it (`c0`, `system`, `setup`). */
  readonly callerOf: (seq: number) => string;
}

/** The crash site of one run: builds the capture the strategy chooses. */
export class CaptureBuilder implements CrashSite {
  readonly #context: CaptureContext;
  capture: CrashCapture | null = null;

  constructor(context: CaptureContext) {
    this.#context = context;
  }

  takeNow(step: number): void {
    this.#build(step, null);
  }

  remember(step: number): KeptPoint {
    const injector = this.#context.injector;
    return { step, point: this.#context.disk.crashPoint(), faultsCount: injector === undefined ? 0 : injector.injected.length };
  }

  takeKept(kept: KeptPoint): void {
    this.#build(kept.step, kept);
  }

  /** With `kept`, the crash is built from the remembered point; without, from the disk now. */
  #build(step: number, kept: KeptPoint | null): void {
    const { options, streams, faultPlan, injector, detailed, disk, trace } = this.#context;
    const guardSlot: GuardSlot = { current: null, steps: 0, overLimit: this.#context.recoveryOverLimit };
    // Recovery faults draw from a stream of their crash point and state, like bit flips.
    const recovery = faultPlan.hasRecoveryFaults ? new RecoveryFaults(faultPlan, (index) => streams.stream('faults').fork(`recovery@${step}/${index}`)) : null;
    const next: SimFsOptions = {
      seed: options.seed,
      onStep: (info: StepInfo): Promise<void> | undefined => {
        guardSlot.current?.inspect(info);
        return guardSlot.overLimit(++guardSlot.steps) ? NEVER : undefined;
      },
      ...(recovery === null ? {} : { faults: recovery }),
    };
    const crashSeed = crashSeedFor(options.seed, step);
    const built = kept === null
      ? crashAt(disk, options, crashSeed, next, detailed)
      : { states: [disk.crashCloneAt(kept.point, { profile: options.profile, seed: crashSeed, next })], truncated: false };
    const bitflips = faultPlan.hasBitflips
      ? built.states.map((state, index) => applyBitflips(state, faultPlan, streams.stream('faults').fork(`bitflip@${step}/${index}`), step))
      : [];
    const injected = injector === undefined ? [] : injector.injected;
    this.capture = {
      step,
      pristine: this.#context.keepStates ? built.states.map((state) => SimFs.fromImage(state.toImage())) : [],
      guardSlot,
      states: built.states,
      truncated: built.truncated,
      timeline: trace.records().slice(-TIMELINE_STEPS).map((record) => formatTraceRecord(record, { caller: this.#context.callerOf(record.seq) })),
      pending: detailed ? disk.pendingOperations() : [],
      callFaults: injected.slice(0, kept === null ? injected.length : kept.faultsCount),
      bitflips,
      recovery,
      recoveryCrashRngOf: options.crashRecovery ? (index) => streams.stream('recovery-crash').fork(`${step}/${index}`) : null,
      recoveryCrashes: [],
      recoveryTimelines: [],
    };
  }
}

/** A promise that never settles: a caller past its step limit is parked for good. */
const NEVER: Promise<void> = new Promise<void>(() => undefined);

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
