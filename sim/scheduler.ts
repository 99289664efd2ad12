import { AsyncLocalStorage } from 'node:async_hooks';
import type { Rng } from './rng.js';
import type { StepInfo } from './disk/types.js';

/**
 * The deterministic scheduler. Every simulated filesystem call is a step; when several async
 * callers are waiting to take a step, a seeded choice decides who goes next. Concurrent calls
 * therefore interleave at every filesystem call, and the same seed gives the same interleaving.
 *
 * How it knows that everybody who can run has reached a step: the runner declares its clients
 * (`clientStarted`/`clientFinished`); when every live client is parked, the choice is made at
 * once. When some client is blocked elsewhere (on a lock held by a parked client, say), it falls
 * back to a barrier: simulated calls never do real I/O, so once the microtask queue is empty
 * everyone who can run has parked. A process.nextTick queued from a microtask runs once the
 * microtask queue has drained (see #barrierFromMicrotask); it is used as that barrier, not as a
 * timer, and involves no clock. (This holds only on a simulated
 * disk: a real disk's callbacks arrive at arbitrary times, so the real backend never schedules.)
 */

/** `random`: uniform among waiters. `pct`: PCT (Burckhardt et al.), priorities with change points. */
export type SchedulerStrategy = 'random' | 'pct';

export const SCHEDULER_STRATEGIES: readonly SchedulerStrategy[] = ['random', 'pct'];

export interface SchedulerOptions {
  /**
   * Called just before a parked step is released, when it is certain to be the next step to take
   * effect (nothing else runs between the release and the step). The runner takes its crash
   * snapshots here, which saves a promise per step over wrapping the hook.
   */
  beforeRelease?: () => void;
  /** Default `random`. */
  strategy?: SchedulerStrategy;
  /** PCT only: the bug depth d (d - 1 priority change points). Default 3. */
  pctDepth?: number;
  /** PCT only: the expected number of steps, to place change points. Default 200. */
  pctStepsEstimate?: number;
  /**
   * Record which client took each step (`schedule`), for a real-disk run that must follow the
   * same interleaving. Costs async context tracking on every promise; off by default.
   */
  recordSchedule?: boolean;
}

interface Waiter {
  readonly client: number;
  readonly release: () => void;
}

const clientContext = new AsyncLocalStorage<number>();
/**
 * Schedulers that attribute steps and have not ended. Once an AsyncLocalStorage has run, Node
 * tracks the context of every promise in the process until it is disabled: the last such
 * scheduler to end disables it, so one detailed run does not slow every run after it.
 */
let schedulersTrackingClients = 0;

/** Schedulers attributing steps to clients now; while there is one, the process tracks async context. */
export function schedulersTrackingClientsCount(): number {
  return schedulersTrackingClients;
}


export class Scheduler {
  readonly #rng: Rng;
  readonly #strategy: SchedulerStrategy;
  readonly #waiters: Waiter[] = [];
  readonly #beforeRelease: (() => void) | undefined;
  #barrierPending = false;
  #microtaskPending = false;
  #liveClients = 0;
  #stepsDispatched = 0;
  // PCT state: a priority per client (higher runs first) and the steps where the running
  // client's priority drops below everyone else's.
  readonly #priorities = new Map<number, number>();
  readonly #changePoints: Set<number>;
  #lowestPriority = 0;
  /** Whether steps are attributed to clients (PCT needs it, and so does recording the schedule). */
  #tracksClients: boolean;
  readonly #schedule: number[] | null;

  constructor(rng: Rng, options: SchedulerOptions = {}) {
    const strategy = options.strategy ?? 'random';
    if (!SCHEDULER_STRATEGIES.includes(strategy)) {
      throw new RangeError(`Scheduler: strategy must be one of ${SCHEDULER_STRATEGIES.join(', ')}, got ${String(strategy)}`);
    }
    const depth = options.pctDepth ?? 3;
    const estimate = options.pctStepsEstimate ?? 200;
    if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`Scheduler: pctDepth must be an integer >= 1, got ${String(depth)}`);
    if (!Number.isInteger(estimate) || estimate < 1) {
      throw new RangeError(`Scheduler: pctStepsEstimate must be an integer >= 1, got ${String(estimate)}`);
    }
    this.#rng = rng;
    this.#strategy = strategy;
    this.#beforeRelease = options.beforeRelease;
    this.#tracksClients = strategy === 'pct' || options.recordSchedule === true;
    this.#schedule = options.recordSchedule === true ? [] : null;
    if (this.#tracksClients) schedulersTrackingClients++;
    this.#changePoints = new Set();
    for (let i = 1; i < depth; i++) this.#changePoints.add(rng.int(estimate));
  }

  /**
   * Runs `body` as client `client`, so its steps are attributed to it. Only PCT and a recorded
   * schedule need to know who is asking; async context tracking slows every promise, so the
   * random strategy skips it otherwise. (Random choices never depend on who asks, so tracking
   * changes no interleaving.)
   */
  runAsClient<T>(client: number, body: () => Promise<T>): Promise<T> {
    return this.#tracksClients ? clientContext.run(client, body) : body();
  }

  /**
   * Ends client attribution: steps taken after this count as outside any client. Call it when
   * the run is over; the process stops tracking async context once no scheduler needs it.
   */
  end(): void {
    if (!this.#tracksClients) return;
    this.#tracksClients = false;
    schedulersTrackingClients--;
    if (schedulersTrackingClients === 0) clientContext.disable();
  }

  /**
   * With `recordSchedule`: the client that took each step so far, in step order (-1 for steps
   * outside any client, such as opening and closing the system); empty otherwise.
   */
  get schedule(): readonly number[] {
    return this.#schedule ?? [];
  }

  /** Steps handed out so far. */
  get stepsDispatched(): number {
    return this.#stepsDispatched;
  }

  /**
   * The StepHook to install on a SimFs: parks the caller until it is chosen. When every other live
   * client is parked already, the choice is made at once, among them and the caller; a caller
   * that is chosen goes on without a promise (with one live client, that is every step).
   */
  readonly hook = (step: StepInfo): Promise<void> | undefined => {
    const client = this.#tracksClients ? (clientContext.getStore() ?? -1) : -1;
    // A synchronous call (Node's fs.writeSync...) takes effect now: nothing can run before it.
    if (step.atomic === true) {
      this.#stepsDispatched++;
      this.#schedule?.push(client);
      this.#beforeRelease?.();
      return undefined;
    }
    // Not while a dispatch is already queued (a client just finished): it would release a second
    // waiter, and two steps would be in flight at once.
    if (!this.#microtaskPending && this.#waiters.length + 1 >= this.#liveClients) {
      const index = this.#waiters.length === 0 ? 0 : this.#choose(client);
      if (index === this.#waiters.length) {
        this.#stepsDispatched++;
        this.#schedule?.push(client);
        this.#beforeRelease?.();
        return undefined;
      }
      return new Promise<void>((release) => {
        this.#waiters.push({ client, release });
        this.#release(index);
      });
    }
    return new Promise<void>((release) => {
      this.#waiters.push({ client, release });
      this.#scheduleDispatch();
    });
  };

  /** A client of the workload began: the scheduler waits for it too before choosing. */
  clientStarted(): void {
    this.#liveClients++;
  }

  /** A client finished: the others may now be all that is left to wait for. */
  clientFinished(): void {
    this.#liveClients--;
    this.#scheduleDispatch();
  }

  #scheduleDispatch(): void {
    if (this.#waiters.length === 0) return;
    if (this.#waiters.length >= this.#liveClients && !this.#microtaskPending) {
      this.#microtaskPending = true;
      queueMicrotask(this.#dispatchNow);
    }
    if (!this.#barrierPending) {
      this.#barrierPending = true;
      queueMicrotask(this.#barrierFromMicrotask);
    }
  }

  readonly #dispatchNow = (): void => {
    this.#microtaskPending = false;
    // Re-check: a release since this was queued may have changed who is parked.
    if (this.#waiters.length > 0 && this.#waiters.length >= this.#liveClients) this.#dispatch();
  };

  /**
   * The barrier is a process.nextTick queued from inside a microtask: Node runs such a tick only
   * once the microtask queue has drained, before it returns to the event loop. A setImmediate
   * would wait for a whole event-loop turn (a poll of the OS, several microseconds), which made
   * scenarios whose clients queue on a lock (every step a barrier) spend a third of their time
   * idle. Queued from a microtask even when asked for from a tick: a tick queued from a tick
   * runs before the microtasks already queued.
   */
  readonly #barrierFromMicrotask = (): void => {
    process.nextTick(this.#dispatchAtBarrier);
  };

  readonly #dispatchAtBarrier = (): void => {
    this.#barrierPending = false;
    if (this.#waiters.length > 0) this.#dispatch();
  };

  #dispatch(): void {
    this.#release(this.#waiters.length === 1 ? 0 : this.#choose(null));
  }

  /** Releases waiter `index`: its step is the next to take effect. */
  #release(index: number): void {
    const chosen = this.#waiters[index];
    // Index and splice rather than destructuring the splice's result: destructuring goes through
    // the iterator protocol, on every step.
    if (index === this.#waiters.length - 1) this.#waiters.pop();
    else this.#waiters.splice(index, 1);
    this.#stepsDispatched++;
    if (chosen !== undefined) this.#schedule?.push(chosen.client);
    this.#beforeRelease?.();
    chosen?.release();
    // Whoever was released will park again, finish, or block; the barrier catches the last case.
    if (this.#waiters.length > 0 && !this.#barrierPending) {
      this.#barrierPending = true;
      queueMicrotask(this.#barrierFromMicrotask);
    }
  }

  /**
   * Which waiter goes next; `caller` (a client about to park, or null) counts as one more waiter
   * after the parked ones, so that choosing before parking draws exactly what parking first would.
   */
  #choose(caller: number | null): number {
    const count = this.#waiters.length + (caller === null ? 0 : 1);
    if (this.#strategy === 'random') return this.#rng.int(count);
    let best = 0;
    let bestPriority = -Infinity;
    for (let index = 0; index < count; index++) {
      const client = index < this.#waiters.length ? (this.#waiters[index] as Waiter).client : (caller as number);
      const priority = this.#priorityOf(client);
      if (priority > bestPriority) {
        best = index;
        bestPriority = priority;
      }
    }
    if (this.#changePoints.has(this.#stepsDispatched)) {
      const chosen = best < this.#waiters.length ? (this.#waiters[best] as Waiter).client : (caller as number);
      this.#priorities.set(chosen, --this.#lowestPriority);
    }
    return best;
  }

  #priorityOf(client: number): number {
    let priority = this.#priorities.get(client);
    if (priority === undefined) {
      // New clients get a random priority above every lowered one.
      priority = 1 + this.#rng.float();
      this.#priorities.set(client, priority);
    }
    return priority;
  }
}
