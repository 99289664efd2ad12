import perfHooks from 'node:perf_hooks';
import timers from 'node:timers';
import timersPromises from 'node:timers/promises';
import { promisify } from 'node:util';
import type { Clock } from '@sinonjs/fake-timers';

/**
 * A fake-timers clock put in place of the process's timers and clocks for as long as a simulated
 * process runs: the global timer functions, `Date`, `performance` (and perf_hooks'
 * `performance.now`), `process.hrtime`, and the functions of the `timers` and `timers/promises`
 * modules. fake-timers makes the clock (its timers, virtual time, Date); this module only puts it
 * in place and back. fake-timers' own `install` does the same with a fresh wrapper and a copy of
 * its descriptors for every function, and the `performance` methods rebuilt, on every call: a
 * third of starting a simulated process, which a run does several times.
 *
 * Each process's functions are bound to its own clock, so a function kept by code of a process
 * that has ended never schedules on the clock of the one running now. `timers/promises` follows
 * Node: an aborted signal rejects with an AbortError whose cause is the signal's reason, and
 * setInterval is an async iterator that yields `value` once per tick.
 */

type Table = Record<string | symbol, unknown>;
type AnyFunction = (...args: unknown[]) => unknown;
type PromiseOptions = { readonly signal?: AbortSignal } | undefined;

const TIMER_FUNCTIONS = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'] as const;
type TimerFunction = (typeof TIMER_FUNCTIONS)[number];
const PROMISE_TIMERS = ['setTimeout', 'setImmediate', 'setInterval'] as const;

const realPerformance = perfHooks.performance;

/**
 * What every fake `performance` shares, as fake-timers fakes it: Node's methods as no-ops (the
 * entry lists empty), `mark` and `measure` giving an entry at time 0.
 */
const FAKE_PERFORMANCE_METHODS: Table = (() => {
  const methods: Table = Object.create(null) as Table;
  const prototype = Object.getPrototypeOf(realPerformance) as object;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    if (name === 'constructor' || name === 'now') continue;
    methods[name] = name.startsWith('getEntries') ? () => [] : () => undefined;
  }
  methods['mark'] = (name: unknown) => ({ name, entryType: 'mark', startTime: 0, duration: 0 });
  methods['measure'] = (name: unknown) => ({ name, entryType: 'measure', startTime: 0, duration: 100 });
  return methods;
})();

/** The AbortError timers/promises rejects with when its signal is aborted. */
function abortError(signal: AbortSignal | undefined): Error {
  const error = new Error('The operation was aborted', { cause: signal?.reason });
  Object.defineProperty(error, 'name', { value: 'AbortError', configurable: true, writable: true });
  return Object.assign(error, { code: 'ABORT_ERR' });
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/** True when assigning `descriptor.value` to `target[key]` restores it exactly (the same attributes are in place). */
function isPlainWritable(descriptor: PropertyDescriptor, target: object, key: string): boolean {
  if (descriptor.writable !== true || descriptor.configurable !== true) return false;
  const now = Object.getOwnPropertyDescriptor(target, key);
  return now !== undefined && now.writable === true && now.configurable === true && now.enumerable === descriptor.enumerable;
}

/** One saved property, to put back as it was (own data or accessor, or absent). */
interface SavedProperty {
  readonly target: object;
  readonly key: string;
  readonly descriptor: PropertyDescriptor | undefined;
}

export class InstalledClock {
  readonly clock: Clock;
  readonly #saved: SavedProperty[] = [];
  /** Abort listeners of pending promise timers, removed when the process ends. */
  readonly #abortListeners = new Map<() => void, AbortSignal>();

  /** Puts `clock` in place; `uninstall` puts everything back. */
  constructor(clock: Clock, startMs: number) {
    this.clock = clock;
    const functions = this.#timerFunctions();
    const promised = this.#promiseTimers();
    const global = globalThis as unknown as Table;
    for (const name of TIMER_FUNCTIONS) {
      this.#set(global, name, functions[name]);
      this.#set(timers as unknown as Table, name, functions[name]);
    }
    for (const name of PROMISE_TIMERS) this.#set(timersPromises as unknown as Table, name, promised[name]);
    // As Node's: promisify(setTimeout) and promisify(setImmediate) are the timers/promises ones.
    Object.defineProperty(functions.setTimeout, promisify.custom, { value: promised.setTimeout, configurable: true });
    Object.defineProperty(functions.setImmediate, promisify.custom, { value: promised.setImmediate, configurable: true });
    this.#set(global, 'Date', clock.Date);
    const performance = Object.create(FAKE_PERFORMANCE_METHODS) as Table;
    performance['now'] = clock.performance.now as unknown;
    performance['timeOrigin'] = startMs;
    this.#set(global, 'performance', performance);
    this.#set(realPerformance as unknown as Table, 'now', performance['now']);
    this.#set(process as unknown as Table, 'hrtime', clock.hrtime);
  }

  /** Puts back what the constructor replaced, last first, and drops pending abort listeners. */
  uninstall(): void {
    for (let i = this.#saved.length - 1; i >= 0; i--) {
      const { target, key, descriptor } = this.#saved[i] as SavedProperty;
      if (descriptor === undefined) Reflect.deleteProperty(target, key);
      else if (isPlainWritable(descriptor, target, key)) (target as Table)[key] = descriptor.value;
      else Object.defineProperty(target, key, descriptor);
    }
    this.#saved.length = 0;
    for (const [listener, signal] of this.#abortListeners) signal.removeEventListener('abort', listener);
    this.#abortListeners.clear();
  }

  #set(target: Table, key: string, value: unknown): void {
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    this.#saved.push({ target, key, descriptor });
    // A writable data property is assigned (much cheaper than redefining it); anything else
    // (an accessor such as globalThis.performance, an inherited method) is defined.
    if (descriptor !== undefined && descriptor.writable === true && descriptor.configurable === true) target[key] = value;
    else Object.defineProperty(target, key, { value, writable: true, enumerable: descriptor?.enumerable ?? false, configurable: true });
  }

  /** The global timer functions of this process, named as Node's are. */
  #timerFunctions(): Record<TimerFunction, AnyFunction> {
    const clock = this.clock as unknown as Record<TimerFunction, AnyFunction>;
    // Methods: named by the language, where a transpiler keeping names would rename each arrow.
    return {
      setTimeout(...args: unknown[]) {
        return Reflect.apply(clock.setTimeout, clock, args);
      },
      clearTimeout(...args: unknown[]) {
        return Reflect.apply(clock.clearTimeout, clock, args);
      },
      setInterval(...args: unknown[]) {
        return Reflect.apply(clock.setInterval, clock, args);
      },
      clearInterval(...args: unknown[]) {
        return Reflect.apply(clock.clearInterval, clock, args);
      },
      setImmediate(...args: unknown[]) {
        return Reflect.apply(clock.setImmediate, clock, args);
      },
      clearImmediate(...args: unknown[]) {
        return Reflect.apply(clock.clearImmediate, clock, args);
      },
    };
  }

  /** This process's timers/promises functions. */
  #promiseTimers(): Record<(typeof PROMISE_TIMERS)[number], AnyFunction> {
    return {
      setTimeout: (delay, value, options) =>
        this.#promiseTimer(value, options as PromiseOptions, (fire) => {
          const timer = this.clock.setTimeout(fire, delay as number);
          return () => this.clock.clearTimeout(timer);
        }),
      setImmediate: (value, options) =>
        this.#promiseTimer(value, options as PromiseOptions, (fire) => {
          const timer = this.clock.setImmediate(fire);
          return () => this.clock.clearImmediate(timer);
        }),
      setInterval: (delay, value, options) => this.#interval(delay as number, value, (options as PromiseOptions)?.signal),
    };
  }

  /** A timer as a promise of `value`; `start` sets it to call `fire` and returns what cancels it. */
  #promiseTimer(value: unknown, options: PromiseOptions, start: (fire: () => void) => () => void): Promise<unknown> {
    const signal = options?.signal;
    if (signal?.aborted === true) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      let onAbort: (() => void) | undefined;
      const cancel = start(() => {
        if (onAbort !== undefined) this.#stopListening(onAbort);
        resolve(value);
      });
      if (signal === undefined) return;
      onAbort = () => {
        this.#stopListening(onAbort as () => void);
        cancel();
        reject(abortError(signal));
      };
      this.#listen(signal, onAbort);
    });
  }

  async *#interval(delay: number, value: unknown, signal: AbortSignal | undefined): AsyncGenerator<unknown, never> {
    if (signal?.aborted === true) throw abortError(signal);
    let ticks = 0;
    let wake: (() => void) | undefined;
    const interval = this.clock.setInterval(() => {
      ticks++;
      wake?.();
      wake = undefined;
    }, delay);
    const onAbort = (): void => {
      this.clock.clearInterval(interval);
      wake?.();
      wake = undefined;
    };
    if (signal !== undefined) this.#listen(signal, onAbort);
    try {
      // Read afresh each time: the signal may be aborted while the generator waits.
      while (!isAborted(signal)) {
        if (ticks === 0) await new Promise<void>((resolve) => (wake = resolve));
        for (; ticks > 0; ticks--) yield value;
      }
      throw abortError(signal);
    } finally {
      this.clock.clearInterval(interval);
      this.#stopListening(onAbort);
    }
  }

  #listen(signal: AbortSignal, listener: () => void): void {
    signal.addEventListener('abort', listener, { once: true });
    this.#abortListeners.set(listener, signal);
  }

  #stopListening(listener: () => void): void {
    this.#abortListeners.get(listener)?.removeEventListener('abort', listener);
    this.#abortListeners.delete(listener);
  }
}
