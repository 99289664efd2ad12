import { isFsError } from '../../src/fs/errors.js';
import type { Trace } from '../trace.js';
import { SimulatedCrashError } from './crash-error.js';
import type { StepHook } from './types.js';

const describeOk = (): string => 'ok';

/**
 * The door every SimFs call goes through, so that each call is exactly one step (`step`): refused
 * on a dead disk, announced to the hook (which may hold it to interleave callers or to crash the
 * disk), refused again if the disk died meanwhile, then applied synchronously and recorded in the
 * trace.
 *
 * Step seqs continue the trace's count, so a run whose calls complete in the order they were
 * announced (always the case for a single caller, and for a scheduler that releases one held call
 * at a time in announce order) has trace seq == StepInfo seq.
 */
export class StepGate {
  readonly trace: Trace;
  readonly #onStep: StepHook | undefined;
  #nextSeq: number;
  #dead = false;

  readonly #beforeEffect: ((step: number) => void) | undefined;

  constructor(trace: Trace, onStep: StepHook | undefined, beforeEffect?: (step: number) => void) {
    this.trace = trace;
    this.#onStep = onStep;
    this.#beforeEffect = beforeEffect;
    this.#nextSeq = trace.count;
  }

  get isDead(): boolean {
    return this.#dead;
  }

  kill(): void {
    this.#dead = true;
  }

  /**
   * One call as one step: `effect` (synchronous: nothing else runs between its checks and its
   * changes) applied and recorded with `args` and `describe(result)`. Every failure, a dead disk
   * included, rejects the returned promise. A call the hook does not hold awaits nothing (this runs
   * on every call of every run); a held one awaits exactly the hook's promise. Callers build
   * `args` before the step starts, outside its rejection: they pass caller values through
   * `String()`, which cannot throw, rather than bare template interpolation.
   */
  step<T>(call: string, path: string, args: string, effect: () => T, describe: (result: T) => string = describeOk): Promise<T> {
    return this.#step(call, path, undefined, args, effect, describe);
  }

  /** As `step`, for a call with a second path (rename, link): the hook sees both. */
  stepTo<T>(call: string, path: string, destPath: string, args: string, effect: () => T): Promise<T> {
    return this.#step(call, path, destPath, args, effect, describeOk);
  }

  /**
   * Not an async function: a step the hook lets through at once (most steps) settles its promise
   * without an async frame. The promise is settled, and rejected on every failure, exactly as an
   * async function's would be.
   */
  #step<T>(call: string, path: string, destPath: string | undefined, args: string, effect: () => T, describe: (result: T) => string): Promise<T> {
    let held: PromiseLike<void> | undefined;
    try {
      held = this.#enter(call, path, destPath);
      if (held === undefined) return Promise.resolve(this.#run(call, path, args, effect, describe));
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#stepAfterHold(held, call, path, args, effect, describe);
  }

  async #stepAfterHold<T>(held: PromiseLike<void>, call: string, path: string, args: string, effect: () => T, describe: (result: T) => string): Promise<T> {
    try {
      await held;
    } catch (error) {
      throw this.#holdFailed(call, path, error);
    }
    return this.#run(call, path, args, effect, describe);
  }

  /**
   * Announces the step. Returns the hook's promise, untouched, only when the hook returned one.
   * Throws when the disk is dead, before or after the hook.
   */
  #enter(call: string, path: string, destPath: string | undefined): PromiseLike<void> | undefined {
    if (this.#atomic !== null) return this.#enterAtomic(call, path);
    if (this.#dead) throw new SimulatedCrashError(call, path);
    const seq = this.#nextSeq++;
    const hook = this.#onStep;
    if (hook === undefined) return undefined;
    let held: void | PromiseLike<void>;
    try {
      held = hook(destPath === undefined ? { seq, call, path } : { seq, call, path, destPath });
    } catch (error) {
      throw this.#holdFailed(call, path, error);
    }
    if (held !== undefined && typeof (held as { then?: unknown }).then === 'function') return held;
    if (this.#dead) throw new SimulatedCrashError(call, path);
    return undefined;
  }

  /**
   * A step whose hook failed still takes its seq in the trace, so later seqs stay aligned.
   * Returns `error`, for the caller to throw.
   */
  #holdFailed(call: string, path: string, error: unknown): unknown {
    if (!this.#dead) this.trace.record(call, path, '', 'hook-failed');
    return error;
  }

  #run<T>(call: string, path: string, args: string, effect: () => T, describe: (result: T) => string): T {
    if (this.#dead) throw this.#settleAtomic(new SimulatedCrashError(call, path));
    let result: T;
    try {
      this.#beforeEffect?.(this.trace.count);
      result = effect();
    } catch (error) {
      this.trace.record(call, path, args, isFsError(error) ? error.code : error instanceof Error ? error.name : 'throw');
      throw this.#settleAtomic(error);
    }
    this.trace.record(call, path, args, describe(result));
    if (this.#atomic !== null) this.#atomic.settle({ ok: true, value: result });
    return result;
  }


  // ---- Atomic steps (synchronous callers, see SimFs.atomically) ---------------------------------

  /** The outcome slot of the call `atomically` is running, or null. */
  #atomic: AtomicSlot | null = null;

  /**
   * Runs `call`, which must make exactly one call of this gate's disk (or of one of its handles),
   * as an atomic step, and returns what that call resolved to, synchronously. The step is announced
   * to the hook with `atomic: true`; the hook must let it through at once. Every async method of
   * the disk runs to its effect without awaiting when its hook returns nothing, so the outcome is
   * known before `call` returns; the promise it returned is dropped.
   */
  atomically<T>(call: () => Promise<T>): T {
    if (this.#atomic !== null) throw new Error('SimFs.atomically: atomic calls cannot nest');
    const slot = new AtomicSlot();
    this.#atomic = slot;
    let pending: Promise<T>;
    try {
      pending = call();
    } finally {
      this.#atomic = null;
    }
    pending.then(undefined, ignoreRejection);
    return slot.take<T>();
  }

  #enterAtomic(call: string, path: string): undefined {
    if (this.#dead) throw this.#settleAtomic(new SimulatedCrashError(call, path));
    const seq = this.#nextSeq++;
    const hook = this.#onStep;
    if (hook === undefined) return undefined;
    let held: void | PromiseLike<void>;
    try {
      held = hook({ seq, call, path, atomic: true });
    } catch (error) {
      throw this.#settleAtomic(this.#holdFailed(call, path, error));
    }
    if (held !== undefined && typeof (held as { then?: unknown }).then === 'function') {
      const error = new Error(`SimFs: the step hook returned a promise for the atomic step ${call} '${path}'; atomic steps cannot be held`);
      throw this.#settleAtomic(this.#holdFailed(call, path, error));
    }
    if (this.#dead) throw this.#settleAtomic(new SimulatedCrashError(call, path));
    return undefined;
  }

  /** Keeps `error` as the outcome of the running atomic call, if any; returns it, to be thrown. */
  #settleAtomic(error: unknown): unknown {
    if (this.#atomic !== null) this.#atomic.settle({ ok: false, error });
    return error;
  }
}

type AtomicOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/** Where the synchronous outcome of one atomic call lands. */
class AtomicSlot {
  #outcome: AtomicOutcome | null = null;

  settle(outcome: AtomicOutcome): void {
    this.#outcome ??= outcome;
  }

  take<T>(): T {
    const outcome = this.#outcome;
    if (outcome === null) {
      throw new Error('SimFs.atomically: the call took no step of this disk synchronously (it must be one call of this disk or of its handles)');
    }
    if (!outcome.ok) throw outcome.error;
    // The value is what the disk's own call returned, and `call` promised a Promise<T> of it.
    return outcome.value as T;
  }
}

function ignoreRejection(): void {}
