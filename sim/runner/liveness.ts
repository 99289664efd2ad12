/**
 * Liveness: every phase of a run (opening the system, the workload, closing, each recovery and
 * check) must settle. On a simulated disk nothing waits on real I/O, so a phase that can still
 * make progress does so within the microtask queue; once the event loop comes round to its check
 * phase (a `setImmediate`) with the phase still pending and no step taken since the last look,
 * nothing can ever settle it: a deadlock, a promise that is never resolved, or a wait on a real
 * timer, which no simulated path may use. That moment depends only on the simulated run, so a
 * stall is found at the same step on every replay of the seed.
 *
 * Code under test that runs in a deterministic process (sim/node) also waits on virtual timers,
 * which its own loop fires when everything else is idle: the watch asks the process (VirtualTimers)
 * before declaring a stall, and stops it when it gives up on the phase.
 *
 * Two limits bound the rest: a run may take at most `stepsMax` filesystem steps (a livelock that
 * keeps calling the disk), and a deterministic process's virtual clock (fake timers driving the
 * code under test) may advance at most `virtualTimeMsMax` while the run waits on timers.
 */

/** How one awaited phase ended. */
export type PhaseOutcome<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'stalled'; readonly reason: string };

export interface LivenessLimits {
  /** Filesystem steps a run may take, workload and recoveries each counted on their own disk. */
  readonly stepsMax: number;
  /** Virtual milliseconds a run may wait on timers. */
  readonly virtualTimeMsMax: number;
}

/**
 * The process the code under test runs in, when it is a deterministic process of its own (sim/node
 * runs unmodified Node.js code on virtual time): its event loop fires its timers whenever everything
 * else waits, without a disk step, so an idle phase is not stalled while the process can still move.
 */
export interface VirtualTimers {
  /** Milliseconds of virtual time since the process began. */
  elapsedMs(): number;
  /**
   * True while the process can still move without a disk step: a timer pending (its own loop fires
   * it) or real I/O of its own in flight (a module loading).
   */
  canProgress(): boolean;
  /**
   * The watch gave up on a phase (a stall, or the virtual-time limit): stop the process now, its
   * clock and globals put back, so the run can go on and report it.
   */
  abandon(reason: string): void;
}

/**
 * The real setImmediate, taken when this module loads: a deterministic process replaces the
 * global one with a fake while code under test runs, and the watch must look at the real loop.
 */
const realSetImmediate = globalThis.setImmediate;
const realClearImmediate = globalThis.clearImmediate;

interface Phase {
  settled: boolean;
  lastProgress: number;
  readonly progress: () => number;
  readonly stall: (reason: string) => void;
}

export class LivenessWatch {
  readonly limits: LivenessLimits;
  readonly #timers: VirtualTimers | null;
  #phase: Phase | null = null;
  /** The pending check, while one is. */
  #armed: NodeJS.Immediate | null = null;
  /** Set by the step hooks when a disk passed `stepsMax`; the stall then says why. */
  stepLimitHit: string | null = null;

  constructor(limits: LivenessLimits, timers: VirtualTimers | null = null) {
    this.limits = limits;
    this.#timers = timers;
  }

  /**
   * Awaits `promise` as one phase: its value, its rejection, or a stall when it can never settle.
   * `progress` grows with every step the phase takes (a trace count).
   */
  settle<T>(promise: Promise<T>, progress: () => number): Promise<PhaseOutcome<T>> {
    return new Promise<PhaseOutcome<T>>((resolve) => {
      const phase: Phase = {
        settled: false,
        lastProgress: progress(),
        progress,
        stall: (reason) => finish({ kind: 'stalled', reason }),
      };
      // Once settled, the watch lets go of the phase, so a pending check holds nothing of the run.
      const finish = (outcome: PhaseOutcome<T>): void => {
        if (phase.settled) return;
        phase.settled = true;
        if (this.#phase === phase) {
          this.#phase = null;
          this.#disarm();
        }
        resolve(outcome);
      };
      this.#phase = phase;
      promise.then(
        (value) => finish({ kind: 'ok', value }),
        (error: unknown) => finish({ kind: 'error', error }),
      );
      this.#arm();
    });
  }

  /**
   * A step hook's guard: true once a disk has taken more than `stepsMax` steps, after which the
   * caller must never be let through (the phase then stalls and says why).
   */
  overStepLimit(stepsTaken: number, where: string): boolean {
    if (stepsTaken <= this.limits.stepsMax) return false;
    this.stepLimitHit ??= `${where} took more than ${this.limits.stepsMax} filesystem steps (a livelock, or raise stepsMax)`;
    return true;
  }

  #arm(): void {
    if (this.#armed !== null) return;
    this.#armed = realSetImmediate(this.#check);
  }

  /** No phase is left to watch: the pending check goes, so that nothing waits for the event loop to drop the watch. */
  #disarm(): void {
    if (this.#armed === null) return;
    realClearImmediate(this.#armed);
    this.#armed = null;
  }

  readonly #check = (): void => {
    this.#armed = null;
    const phase = this.#phase;
    if (phase === null || phase.settled) return;
    const now = phase.progress();
    if (now !== phase.lastProgress && this.stepLimitHit === null) {
      phase.lastProgress = now;
      this.#arm();
      return;
    }
    const reason = this.#idleReason();
    if (reason === null) {
      this.#arm();
      return;
    }
    this.#phase = null;
    this.#timers?.abandon(reason);
    phase.stall(reason);
  };

  /** Why an idle phase is stuck, or null while the process running it can still move. */
  #idleReason(): string | null {
    if (this.stepLimitHit !== null) return this.stepLimitHit;
    if (this.#timers !== null) {
      if (this.#timers.elapsedMs() > this.limits.virtualTimeMsMax) {
        return `it waited on timers past the virtual-time limit of ${this.limits.virtualTimeMsMax} ms`;
      }
      if (this.#timers.canProgress()) return null;
    }
    return 'no filesystem step could run and nothing it waited for could happen (a deadlock, or a promise never settled)';
  }
}
