import { syncBuiltinESMExports } from 'node:module';
import timers from 'node:timers';
import timersPromises from 'node:timers/promises';
import { promisify } from 'node:util';
import workerThreads from 'node:worker_threads';

/**
 * ESM named imports of builtins (`import { setTimeout } from 'node:timers'`) are bindings Node
 * copies from the module objects only when `syncBuiltinESMExports()` runs, and that call walks
 * every builtin module: too slow to make twice for every simulated process. So the functions a
 * simulated process fakes are given, once, a forwarder on their module object, and the bindings
 * are synced once to the forwarders. A forwarder calls whatever its module object holds at call
 * time: fake-timers' function while a simulated process runs (its `install` replaces the
 * property, its `uninstall` puts the forwarder back), the real one otherwise.
 *
 * `process.pid` and worker_threads' `threadId` are values, not functions: their ESM bindings are
 * synced once to the values a simulated process sees, which is what code under test must read.
 * CommonJS reads the property itself, which a simulated process sets and puts back.
 */

type FunctionTable = Record<string | symbol, unknown>;
type AnyFunction = (...args: unknown[]) => unknown;

/** The pid code under test sees (a real pid differs between workers and runs). */
export const SIMULATED_PID = 4242;
/** The worker_threads threadId code under test sees. */
export const SIMULATED_THREAD_ID = 0;

const TIMERS = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'];
const PROMISE_TIMERS = ['setTimeout', 'setImmediate', 'setInterval'];

/** A function that calls what `target[name]` holds when it is called; `real` when that is itself. */
function forwarderOf(target: FunctionTable, name: string, real: AnyFunction): AnyFunction {
  const forwarder = function forwarded(this: unknown, ...args: unknown[]): unknown {
    const current = target[name];
    return Reflect.apply(current === forwarder || typeof current !== 'function' ? real : (current as AnyFunction), this, args);
  };
  Object.defineProperty(forwarder, 'name', { value: real.name });
  return forwarder;
}

function forward(target: FunctionTable, name: string): AnyFunction | undefined {
  const real = target[name];
  if (typeof real !== 'function') return undefined;
  const forwarder = forwarderOf(target, name, real as AnyFunction);
  target[name] = forwarder;
  return forwarder;
}

/** `timers.setTimeout` promisifies to `timers/promises`' setTimeout (and setImmediate likewise): the current one. */
function forwardPromisified(forwarder: AnyFunction | undefined, name: string): void {
  if (forwarder === undefined) return;
  const promised = timersPromises as unknown as FunctionTable;
  Object.defineProperty(forwarder, promisify.custom, {
    value: (...args: unknown[]): unknown => Reflect.apply(promised[name] as AnyFunction, promised, args),
    configurable: true,
  });
}

/** process.hrtime and its `bigint`, forwarded. */
function forwardHrtime(): void {
  const target = process as unknown as FunctionTable;
  const real = target['hrtime'] as (AnyFunction & { bigint: () => bigint }) | undefined;
  if (typeof real !== 'function') return;
  const forwarder = forwarderOf(target, 'hrtime', real);
  const bigint = (): bigint => {
    const current = target['hrtime'] as typeof real;
    return current === (forwarder as unknown) || typeof current?.bigint !== 'function' ? real.bigint() : current.bigint();
  };
  target['hrtime'] = Object.assign(forwarder, { bigint });
}

/**
 * Gives `process.pid` and worker_threads' `threadId` the values a simulated process has; returns
 * what puts the real ones back.
 */
export function assumeSimulatedIdentity(): () => void {
  const pid = Object.getOwnPropertyDescriptor(process, 'pid');
  const threads = workerThreads as unknown as FunctionTable;
  const threadId = threads['threadId'];
  Object.defineProperty(process, 'pid', { value: SIMULATED_PID, writable: false, enumerable: true, configurable: true });
  threads['threadId'] = SIMULATED_THREAD_ID;
  return () => {
    if (pid !== undefined) Object.defineProperty(process, 'pid', pid);
    threads['threadId'] = threadId;
  };
}

/** Syncs the ESM bindings of builtins, with `pid` and `threadId` as a simulated process has them. */
function syncWithSimulatedIdentity(): void {
  const restoreIdentity = assumeSimulatedIdentity();
  try {
    syncBuiltinESMExports();
  } finally {
    restoreIdentity();
  }
}

/**
 * Installs the forwarders and syncs every builtin's ESM bindings (the interposed fs functions
 * too): once per process, before code under test is loaded.
 */
export function installBuiltinForwarders(): void {
  const timerTable = timers as unknown as FunctionTable;
  for (const name of TIMERS) {
    const forwarder = forward(timerTable, name);
    if (name === 'setTimeout' || name === 'setImmediate') forwardPromisified(forwarder, name);
  }
  for (const name of PROMISE_TIMERS) forward(timersPromises as unknown as FunctionTable, name);
  forwardHrtime();
  syncWithSimulatedIdentity();
}
