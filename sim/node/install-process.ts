import crypto from 'node:crypto';
import { activeRun } from './active-run.js';
import type { ActiveRun } from './active-run.js';
import { bytesView, integerOr, invalidArg, isBufferView } from './node-args.js';
import type { NodeFunction } from './forms.js';

/**
 * Crypto's random functions, interposed: during a run they draw from the run's seed, otherwise
 * they are the real ones. Installed once, before code under test is loaded, so that a module
 * which kept `randomBytes` from `require('crypto')` at load time draws from the seed too.
 */

type FunctionTable = Record<string, unknown>;

function fill(run: ActiveRun, view: unknown, offset: number, size: number | undefined): void {
  if (!isBufferView(view)) throw invalidArg('buf', 'an instance of ArrayBuffer or ArrayBufferView', view);
  const bytes = bytesView(view);
  const count = size ?? bytes.byteLength - offset;
  bytes.set(run.randomBytes(count), offset);
}

function uuid(run: ActiveRun): string {
  const bytes = run.randomBytes(16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function lastCallback(args: readonly unknown[]): ((...values: unknown[]) => void) | undefined {
  const last = args[args.length - 1];
  return typeof last === 'function' ? (last as (...values: unknown[]) => void) : undefined;
}

/** Each seeded form: what it returns (or gives its callback) during a run. */
const SEEDED: Readonly<Record<string, (run: ActiveRun, args: readonly unknown[]) => unknown>> = {
  randomBytes: (run, args) => run.randomBytes(integerOr(args[0], 0, 'size')),
  randomFillSync: (run, args) => {
    fill(run, args[0], integerOr(args[1], 0, 'offset'), typeof args[2] === 'number' ? args[2] : undefined);
    return args[0];
  },
  randomFill: (run, args) => {
    const offset = typeof args[1] === 'number' ? args[1] : 0;
    fill(run, args[0], offset, typeof args[2] === 'number' ? args[2] : undefined);
    return args[0];
  },
  randomInt: (run, args) => {
    const numbers = args.filter((arg): arg is number => typeof arg === 'number');
    const [min, max] = numbers.length >= 2 ? [numbers[0] as number, numbers[1] as number] : [0, numbers[0] ?? 0];
    return min + Math.floor(run.randomFloat() * (max - min));
  },
  randomUUID: (run) => uuid(run),
  getRandomValues: (run, args) => {
    fill(run, args[0], 0, undefined);
    return args[0];
  },
};

function seededForm(name: string, real: NodeFunction, seeded: (run: ActiveRun, args: readonly unknown[]) => unknown): NodeFunction {
  const callbackTaking = name === 'randomBytes' || name === 'randomFill' || name === 'randomInt';
  return function seededRandom(this: unknown, ...args: unknown[]): unknown {
    const run = activeRun();
    if (run === undefined) return Reflect.apply(real, this, args);
    const callback = callbackTaking ? lastCallback(args) : undefined;
    const value = seeded(run, callback === undefined ? args : args.slice(0, -1));
    if (callback === undefined) return value;
    process.nextTick(callback, null, value);
    return undefined;
  };
}

/**
 * Sets the seeded forms on `target` as own data properties: some of crypto's are getters
 * (getRandomValues), and the Web Crypto object's live on its prototype and need their `this`.
 */
function patch(target: FunctionTable, names: readonly string[]): void {
  for (const name of names) {
    const real = target[name];
    const seeded = SEEDED[name];
    if (typeof real !== 'function' || seeded === undefined) continue;
    // crypto.getRandomValues is a fixed getter; it calls the Web Crypto object's, which is patched.
    if (Object.getOwnPropertyDescriptor(target, name)?.configurable === false) continue;
    const bound = (real as NodeFunction).bind(target);
    Object.defineProperty(target, name, { value: seededForm(name, bound, seeded), writable: true, enumerable: true, configurable: true });
  }
}

export function interposeRandomness(): void {
  patch(crypto as unknown as FunctionTable, Object.keys(SEEDED));
  patch(crypto.webcrypto as unknown as FunctionTable, ['getRandomValues', 'randomUUID']);
}
