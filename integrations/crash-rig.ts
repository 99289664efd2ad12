import { SimFs, Trace, formatTraceRecord, type CrashProfile, type SimFsOptions, type StepInfo } from '../sim/index.js';

/**
 * The simulated disk of one crashModelRun: a SimFs whose root is created durably before anything
 * is counted, then a step hook that crashes the disk when the commands reach step `crashAt`
 * (counted from the end of that setup). At the crash it keeps the post-crash disks the profile
 * allows (every one, or one drawn from the seed), what was not durable and the last calls, then
 * kills the disk, so every call still in flight, and every later one, rejects.
 */

/** How post-crash states are chosen at the crash. */
export type CrashExploration = 'exhaustive' | 'random';

export interface CrashRigOptions {
  readonly root: string;
  readonly profile: CrashProfile;
  readonly exploration: CrashExploration;
  readonly maxStates: number;
  readonly seed: number;
  readonly sectorSizeBytes: number;
  /** Steps after the setup before the crash; null for a run that never crashes (a replay). */
  readonly crashAt: number | null;
  /** The liveness watch's step budget: true once `steps` is over it (the call is then held forever). */
  readonly overStepLimit: (steps: number, where: string) => boolean;
}

/** What the crash left, captured at the moment it happened. */
export interface CapturedCrash {
  /** Steps the run took after the setup before the crash. */
  readonly step: number;
  /** Steps the setup took (creating the root durably): trace seqs are offset by it. */
  readonly setupSteps: number;
  /** The post-crash disks, each with its crash story (what the crash did to each unsynced operation). */
  readonly states: readonly SimFs[];
  /** Whether exhaustive exploration stopped at maxStates. */
  readonly truncated: boolean;
  /** What was not durable at the crash, one line each. */
  readonly pending: readonly string[];
  /** The last calls before the crash, one line each. */
  readonly lastCalls: readonly string[];
}

const LAST_CALLS_COUNT = 12;
const NEVER = new Promise<void>(() => undefined);

export class CrashRig {
  readonly disk: SimFs;
  readonly #options: CrashRigOptions;
  readonly #trace = new Trace({ recordsCountMax: LAST_CALLS_COUNT });
  #setupSteps = 0;
  #armed = false;
  #crash: CapturedCrash | null = null;

  private constructor(options: CrashRigOptions) {
    this.#options = options;
    this.disk = new SimFs({ ...this.#diskOptions(), trace: this.#trace, onStep: (step) => this.#onStep(step) });
  }

  /** A disk with `root` created and durable; the crash counter starts after this. */
  static async create(options: CrashRigOptions): Promise<CrashRig> {
    const rig = new CrashRig(options);
    await createRootDurably(rig.disk, options.root);
    rig.#setupSteps = rig.#trace.count;
    rig.#armed = true;
    return rig;
  }

  /** The crash, once it happened. */
  get crash(): CapturedCrash | null {
    return this.#crash;
  }

  /** Calls the disk has completed (grows while a phase makes progress; for the liveness watch). */
  readonly progress = (): number => this.#trace.count;

  /** Crashes now, unless the crash already happened; returns what it left. */
  crashNow(): CapturedCrash {
    if (this.#crash !== null) return this.#crash;
    const { profile, exploration, maxStates, seed } = this.#options;
    const next = this.#recoveryDiskOptions();
    const explored =
      exploration === 'exhaustive'
        ? this.disk.crashStates({ profile, maxStates, next, explain: true })
        : { states: [this.disk.crashClone({ profile, seed, next, explain: true })], truncated: false };
    this.#crash = {
      step: this.#trace.count - this.#setupSteps,
      setupSteps: this.#setupSteps,
      states: explored.states,
      truncated: explored.truncated,
      pending: this.disk.pendingOperations(),
      lastCalls: this.#trace.records().map(formatTraceRecord),
    };
    // Only to kill the disk: the states above are the ones judged.
    this.disk.crash({ profile });
    return this.#crash;
  }

  #onStep(step: StepInfo): Promise<void> | undefined {
    if (!this.#armed || this.#crash !== null) return undefined;
    const taken = step.seq - this.#setupSteps;
    if (taken === this.#options.crashAt) {
      this.crashNow();
      return undefined;
    }
    return this.#options.overStepLimit(taken, 'the commands') ? NEVER : undefined;
  }

  #diskOptions(): SimFsOptions {
    return { seed: this.#options.seed, readdirOrder: 'shuffled', sectorSizeBytes: this.#options.sectorSizeBytes };
  }

  /** Each post-crash disk counts its own steps (a new trace each), bounded like the run's. */
  #recoveryDiskOptions(): SimFsOptions {
    const overStepLimit = this.#options.overStepLimit;
    return { ...this.#diskOptions(), onStep: (step) => (overStepLimit(step.seq, 'the recovery') ? NEVER : undefined) };
  }
}

async function createRootDurably(disk: SimFs, root: string): Promise<void> {
  await disk.mkdir(root, { recursive: true });
  const parts = root.split('/').filter((part) => part !== '');
  for (let depth = parts.length - 1; depth >= 0; depth--) {
    const handle = await disk.open(`/${parts.slice(0, depth).join('/')}`, 'r');
    await handle.sync();
    await handle.close();
  }
}
