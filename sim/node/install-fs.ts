import fs from 'node:fs';
import { promisify } from 'node:util';
import type { ActiveRun } from './active-run.js';
import { FD_CALLS } from './calls-fd.js';
import { PATH_CALLS, REALPATH_NATIVE } from './calls-path.js';
import type { FacadeCall, RefusedCall } from './facade-call.js';
import { SimulatedFileHandle } from './file-handle.js';
import { callbackForm, failure, promiseForm, syncForm } from './forms.js';
import type { NodeFunction } from './forms.js';
import { stringArg } from './node-args.js';
import { openFd } from './ops-fd.js';
import { fdOf } from './routing.js';
import type { Steps } from './steps.js';

/**
 * Replaces the functions of the `fs` and `fs/promises` module objects by their interposed forms.
 * `fs.promises` is the `fs/promises` object, and ESM named exports are synced from these objects
 * by the caller, so every way of reaching fs sees the same functions.
 */

type FunctionTable = Record<string, unknown>;

/** Calls refused on the simulated disk (served unchanged on the real one), with why. */
const REFUSED: Readonly<Record<string, RefusedCall>> = {
  symlink: { paths: [1], why: 'the simulated disk has no symbolic links' },
  readlink: { paths: [0], why: 'the simulated disk has no symbolic links' },
  opendir: { paths: [0], why: 'directory streams are not served; use readdir' },
  cp: { paths: [0, 1], why: 'recursive copies are not served; use copyFile' },
  statfs: { paths: [0], why: 'the simulated disk reports no filesystem statistics' },
  watch: { paths: [0], why: 'the simulated disk sends no change events' },
  watchFile: { paths: [0], why: 'the simulated disk sends no change events' },
  unwatchFile: { paths: [0], why: 'the simulated disk sends no change events' },
  openAsBlob: { paths: [0], why: 'blobs are not served' },
};

/** Node's read, write, readv and writev promisify to an object; so must their interposed forms. */
const PROMISIFIED_FIELDS: Readonly<Record<string, readonly [string, string]>> = {
  read: ['bytesRead', 'buffer'],
  write: ['bytesWritten', 'buffer'],
  readv: ['bytesRead', 'buffers'],
  writev: ['bytesWritten', 'buffers'],
};

function realFunction(table: FunctionTable, name: string): NodeFunction | undefined {
  const value = table[name];
  return typeof value === 'function' ? (value as NodeFunction) : undefined;
}

function withPromisify(name: string, wrapper: NodeFunction): NodeFunction {
  const fields = PROMISIFIED_FIELDS[name];
  if (name === 'exists') {
    const custom = (path: unknown): Promise<unknown> => new Promise((resolve) => wrapper.call(undefined, path, resolve));
    return Object.assign(wrapper, { [promisify.custom]: custom });
  }
  if (fields === undefined) return withPromisifiedOnce(wrapper);
  const custom = (...args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      wrapper.call(undefined, ...args, (error: unknown, first: unknown, second: unknown) => {
        if (error !== null && error !== undefined) reject(error);
        else resolve({ [fields[0]]: first, [fields[1]]: second });
      });
    });
  return Object.assign(wrapper, { [promisify.custom]: custom });
}

/**
 * Node's own promisified form of `wrapper`, made once and kept as its `promisify.custom`. Code
 * under test often calls `promisify(fs.open)` on every call (write-file-atomic does, on each fs
 * call of each save); without a custom form, each such call builds a new function and copies the
 * wrapper's descriptors onto it, a tenth of such a run. The form is the very function Node would
 * build, so it behaves alike; only `promisify(fs.open) === promisify(fs.open)` becomes true.
 */
function withPromisifiedOnce(wrapper: NodeFunction): NodeFunction {
  // Made again after a property is added (realpath's `.native`): drop the form made before it.
  Reflect.deleteProperty(wrapper, promisify.custom);
  const promisified: unknown = promisify(wrapper);
  Object.defineProperty(wrapper, promisify.custom, { value: promisified, writable: true, configurable: true, enumerable: false });
  return wrapper;
}

function patchCallbackAndSync(target: FunctionTable, name: string, call: FacadeCall | RefusedCall): void {
  const real = realFunction(target, name);
  if (real !== undefined) target[name] = withPromisify(name, callbackForm(name, real, call));
  const realSync = realFunction(target, `${name}Sync`);
  if (realSync !== undefined) target[`${name}Sync`] = syncForm(`${name}Sync`, realSync, call);
}

/** realpath and realpathSync carry `.native`, the one-syscall variant. */
function patchRealpathNative(target: FunctionTable, name: 'realpath' | 'realpathSync', form: typeof callbackForm, real: unknown): void {
  const realNative = typeof real === 'function' ? (real as { native?: unknown }).native : undefined;
  const patched = target[name];
  if (typeof realNative !== 'function' || typeof patched !== 'function') return;
  Object.assign(patched, { native: form(`${name}.native`, realNative as NodeFunction, REALPATH_NATIVE) });
  // Node's promisified form carries the function's own properties, `.native` among them.
  if (name === 'realpath') withPromisifiedOnce(patched as NodeFunction);
}

/** Streams call fs.open/read/write/close themselves (interposed); a FileHandle of the facade becomes its fd. */
function patchStream(target: FunctionTable, name: 'createReadStream' | 'createWriteStream'): void {
  const real = realFunction(target, name);
  if (real === undefined) return;
  target[name] = function interposedStream(this: unknown, path: unknown, options: unknown): unknown {
    if (typeof options !== 'object' || options === null) return Reflect.apply(real, this, [path, options]);
    const fd = fdOf((options as { fd?: unknown }).fd);
    return Reflect.apply(real, this, fd === undefined ? [path, options] : [path, { ...options, fd }]);
  };
}

function* openHandleSteps(run: ActiveRun, args: readonly unknown[]): Steps<SimulatedFileHandle> {
  const path = stringArg(args, 0, 'path');
  const entry = yield* openFd(run, path, args[1], 'r');
  return new SimulatedFileHandle(run, entry, (error, call) => failure(run, call, path, error, false));
}

const PROMISES_OPEN: FacadeCall = { paths: [0], readOnly: (args) => args[1] === undefined || args[1] === 'r', steps: openHandleSteps };

const PROMISE_NAMES = [
  'access', 'appendFile', 'chmod', 'chown', 'copyFile', 'lchmod', 'lchown', 'link', 'lstat', 'lutimes', 'mkdir', 'mkdtemp',
  'readFile', 'readdir', 'realpath', 'rename', 'rm', 'rmdir', 'stat', 'truncate', 'unlink', 'utimes', 'writeFile',
];
const PROMISE_REFUSED = ['cp', 'opendir', 'readlink', 'symlink', 'statfs', 'watch'];

function patchPromises(target: FunctionTable): void {
  const table: Record<string, FacadeCall | RefusedCall> = { open: PROMISES_OPEN };
  for (const name of PROMISE_NAMES) table[name] = PATH_CALLS[name] as FacadeCall;
  for (const name of PROMISE_REFUSED) table[name] = REFUSED[name] as RefusedCall;
  for (const [name, call] of Object.entries(table)) {
    const real = realFunction(target, name);
    if (real !== undefined) target[name] = promiseForm(`promises.${name}`, real, call);
  }
}

export function interposeFs(): void {
  const target = fs as unknown as FunctionTable;
  const realRealpath = target['realpath'];
  const realRealpathSync = target['realpathSync'];
  const calls: Record<string, FacadeCall | RefusedCall> = { ...FD_CALLS, ...PATH_CALLS, ...REFUSED };
  for (const [name, call] of Object.entries(calls)) patchCallbackAndSync(target, name, call);
  patchRealpathNative(target, 'realpath', callbackForm, realRealpath);
  patchRealpathNative(target, 'realpathSync', syncForm, realRealpathSync);
  patchStream(target, 'createReadStream');
  patchStream(target, 'createWriteStream');
  patchPromises(fs.promises as unknown as FunctionTable);
}
