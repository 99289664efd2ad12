/**
 * Liveness: every phase of a run (opening the system, the workload, closing, each recovery and
 * check) must settle. On a simulated disk nothing waits on real I/O, so a phase that can still
 * make progress does so within the microtask queue; once the event loop comes round to its check
 * phase (a `setImmediate`) with the phase still pending and no step taken since the last look,
 * nothing can ever settle it: a deadlock, a promise that is never resolved, or a wait on a real
 * timer, which no simulated path may use. That moment depends only on the simulated run, so a
 * stall is found at the same step on every replay of the seed.
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
 * The virtual clock of a deterministic process, when the code under test runs on one. When a
 * phase is idle, the watch fires the next timer instead of declaring a stall.
 */
export interface VirtualTimers {
  /** Milliseconds of virtual time since the run began. */
  elapsedMs(): number;
  /** Advances to the next pending timer and runs it; false when no timer is pending. */
  runNextTimer(): boolean;
}

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
  #armed = false;
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
        if (this.#phase === phase) this.#phase = null;
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
    if (this.#armed) return;
    this.#armed = true;
    setImmediate(this.#check);
  }

  readonly #check = (): void => {
    this.#armed = false;
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
    phase.stall(reason);
  };

  /** Why an idle phase is stuck, or null when a timer was fired and the phase may go on. */
  #idleReason(): string | null {
    if (this.stepLimitHit !== null) return this.stepLimitHit;
    if (this.#timers !== null) {
      if (this.#timers.elapsedMs() > this.limits.virtualTimeMsMax) {
        return `it waited on timers past the virtual-time limit of ${this.limits.virtualTimeMsMax} ms`;
      }
      if (this.#timers.runNextTimer()) return null;
    }
    return 'no filesystem step could run and nothing it waited for could happen (a deadlock, or a promise never settled)';
  }
}
