import type { ActiveRun } from './active-run.js';
import { activeRun } from './active-run.js';
import type { FacadeCall, RefusedCall } from './facade-call.js';
import { isRefused } from './facade-call.js';
import { invalidArg } from './node-args.js';
import { UnsupportedCase, toNodeError } from './node-errors.js';
import { callerStack, routeOf, withoutLayerFrames } from './routing.js';
import { runAsync, runSync } from './steps.js';

/**
 * The three forms of an fs function, built around the real one: with no run active, or for a
 * route to the real fs, the real function runs with the caller's arguments untouched; a blocked
 * or refused call fails the way its form fails (thrown, rejected, or given to the callback) and
 * is recorded on the run; a simulated call runs its steps on the disk.
 */

export type NodeFunction = (this: unknown, ...args: unknown[]) => unknown;

/** The error for what a simulated call threw: unsupported cases are recorded by name. */
export function failure(run: ActiveRun, call: string, path: string, error: unknown, sync: boolean): unknown {
  // The case was raised before the first step, on the caller's stack: its frames say who called.
  if (error instanceof UnsupportedCase) return run.refuseUnsupported(call, path, error.why, withoutLayerFrames(error.stack ?? ''));
  return toNodeError(error, sync);
}

/** The error for a call that does not reach the disk: blocked outside the root, or refused by name. */
function refusal(run: ActiveRun, name: string, call: FacadeCall | RefusedCall, route: { readonly kind: 'blocked' | 'simulated'; readonly path: string }): Error {
  if (route.kind === 'simulated' && isRefused(call)) return run.refuseUnsupported(name, route.path, call.why, callerStack());
  return run.blockOutsideRoot(name, route.path, callerStack());
}

export function syncForm(name: string, real: NodeFunction, call: FacadeCall | RefusedCall): NodeFunction {
  return function interposedSync(this: unknown, ...args: unknown[]): unknown {
    const run = activeRun();
    if (run === undefined) return Reflect.apply(real, this, args);
    const route = routeOf(run, call, args);
    if (route.kind === 'real') return Reflect.apply(real, this, args);
    if (route.kind === 'blocked' || isRefused(call)) {
      const refused = refusal(run, name, call, route);
      // existsSync never throws: a refused lookup answers false (and stays recorded).
      if (name === 'existsSync') return false;
      throw refused;
    }
    run.noteSimulatedCall();
    try {
      return runSync(call.steps(run, route.args));
    } catch (error) {
      throw failure(run, name, route.path, error, true);
    }
  };
}

/** The steps run asynchronously; an argument refused before the first step rejects too, as every other failure. */
function stepsAsync(run: ActiveRun, call: FacadeCall, args: readonly unknown[]): Promise<unknown> {
  try {
    return runAsync(call.steps(run, args));
  } catch (error) {
    return Promise.reject(error);
  }
}

export function callbackForm(name: string, real: NodeFunction, call: FacadeCall | RefusedCall): NodeFunction {
  return function interposedCallback(this: unknown, ...args: unknown[]): unknown {
    const run = activeRun();
    if (run === undefined) return Reflect.apply(real, this, args);
    const callback = args[args.length - 1];
    // The arguments without the callback: `args` is this call's own array.
    if (typeof callback === 'function') args.length--;
    const route = routeOf(run, call, args);
    if (typeof callback === 'function') args.push(callback);
    if (route.kind === 'real') return Reflect.apply(real, this, args);
    if (typeof callback !== 'function') throw invalidArg('cb', 'of type function', callback);
    if (route.kind === 'blocked' || isRefused(call)) {
      const refused = refusal(run, name, call, route);
      process.nextTick(callback, name === 'exists' ? false : refused);
      return undefined;
    }
    run.noteSimulatedCall();
    stepsAsync(run, call, route.args).then(
      (result) => {
        if (name === 'exists') process.nextTick(callback, result);
        else deliverValues(callback as NodeFunction, callbackValues(call, result, route.args));
      },
      (error: unknown) => {
        process.nextTick(callback, name === 'exists' ? false : failure(run, name, route.path, error, false));
      },
    );
    return undefined;
  };
}

/**
 * Calls back with no error and `values`, on a later tick as Node does. Written without a closure
 * per call: this runs for every simulated callback call.
 */
function deliverValues(callback: NodeFunction, values: readonly unknown[]): void {
  if (values.length === 0) process.nextTick(callback, null);
  else if (values.length === 1) process.nextTick(callback, null, values[0]);
  else process.nextTick(applyWithoutError, callback, values);
}

function applyWithoutError(callback: NodeFunction, values: readonly unknown[]): void {
  Reflect.apply(callback, undefined, [null, ...values]);
}

function callbackValues(call: FacadeCall, result: unknown, args: readonly unknown[]): unknown[] {
  if (call.callbackArgs !== undefined) return call.callbackArgs(result, args);
  return result === undefined ? [] : [result];
}

export function promiseForm(name: string, real: NodeFunction, call: FacadeCall | RefusedCall): NodeFunction {
  return function interposedPromise(this: unknown, ...args: unknown[]): unknown {
    const run = activeRun();
    if (run === undefined) return Reflect.apply(real, this, args);
    const route = routeOf(run, call, args);
    if (route.kind === 'real') return Reflect.apply(real, this, args);
    if (route.kind === 'blocked' || isRefused(call)) return Promise.reject(refusal(run, name, call, route));
    run.noteSimulatedCall();
    return stepsAsync(run, call, route.args).catch((error: unknown) => {
      throw failure(run, name, route.path, error, false);
    });
  };
}
