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

  async #step<T>(call: string, path: string, destPath: string | undefined, args: string, effect: () => T, describe: (result: T) => string): Promise<T> {
    const held = this.#enter(call, path, destPath);
    if (held !== undefined) {
      try {
        await held;
      } catch (error) {
        throw this.#holdFailed(call, path, error);
      }
    }
    return this.#run(call, path, args, effect, describe);
  }

  /**
   * Announces the step. Returns the hook's promise, untouched, only when the hook returned one.
   * Throws when the disk is dead, before or after the hook.
   */
  #enter(call: string, path: string, destPath: string | undefined): PromiseLike<void> | undefined {
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
    if (this.#dead) throw new SimulatedCrashError(call, path);
    let result: T;
    try {
      this.#beforeEffect?.(this.trace.count);
      result = effect();
    } catch (error) {
      this.trace.record(call, path, args, isFsError(error) ? error.code : error instanceof Error ? error.name : 'throw');
      throw error;
    }
    this.trace.record(call, path, args, describe(result));
    return result;
  }
}
