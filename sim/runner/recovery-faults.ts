import type { DiskFaults, FaultPoint, InjectedCode, RotPoint } from '../disk/types.js';
import { FaultInjector } from '../faults/injector.js';
import type { FaultPlan } from '../faults/plan.js';
import type { Rng } from '../rng.js';
import type { InjectedFault } from '../scenario.js';

/**
 * Call faults (and rot) while the store recovers on a post-crash disk: the plan's rules that name a phase
 * (see sim/faults), run only from the moment the store starts reopening until it has opened, so
 * the checks read a healthy disk.
 *
 * Post-crash disks are built before anyone knows which will be judged, so they all ask this one
 * object; the judge arms it for each state in turn with a fresh injector drawing from a stream of
 * that crash point and state (a rerun, a replay and the shrinker inject the same faults).
 */
export class RecoveryFaults implements DiskFaults {
  readonly #plan: FaultPlan;
  readonly #streamOf: (state: number) => Rng;
  #current: FaultInjector | undefined;
  /** What each judged state's recovery got, by state index. */
  readonly injected: (readonly InjectedFault[])[] = [];

  constructor(plan: FaultPlan, streamOf: (state: number) => Rng) {
    this.#plan = plan;
    this.#streamOf = streamOf;
  }

  inject(point: FaultPoint): InjectedCode | undefined {
    return this.#current?.inject(point);
  }

  rot(point: RotPoint): readonly number[] {
    return this.#current?.rot(point) ?? [];
  }

  /** Faults on, for the recovery of `state`. */
  arm(state: number): void {
    const injector = new FaultInjector(this.#plan, this.#streamOf(state), 'recovery');
    injector.active = true;
    this.#current = injector;
    this.injected[state] = injector.injected;
  }

  /** Faults off; returns what the current recovery got. */
  disarm(): readonly InjectedFault[] {
    const injected = this.#current?.injected ?? [];
    this.#current = undefined;
    return injected;
  }
}
