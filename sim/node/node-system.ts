import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SimFs } from '../disk/index.js';
import { describeError } from '../runner/describe-error.js';
import { HOST_VIOLATIONS, type SystemFactory } from '../scenario.js';
import { defaultParentUrl, importFresh } from './fresh-modules.js';
import { HostedProcess } from './hosted-process.js';
import { installInterposition } from './install.js';
import { nextFreshGeneration } from './node-run.js';

/**
 * The glue between the runner and unmodified Node.js code: a SystemFactory made of a module whose
 * default export is `open(root) => Promise<System>` and which uses node:fs itself (the contract of
 * the node:fs scenarios). Each call of the factory is a freshly started process: on a SimFs, a
 * HostedProcess (a NodeRun on that disk, seeded by the disk's seed) loads the module afresh and
 * calls open(root); every method of the System it returns runs in that process, so every fs call
 * of the code reaches the disk the factory was given (the workload's, then each post-crash disk).
 * On any other FileSystem (real-disk confirmation) the module runs directly on the real disk at
 * `root`, loaded afresh too.
 */

/** What a node:fs scenario requires of the System that open(root) resolves to. */
export interface NodeSystemContract {
  /** Methods the System must have, e.g. `['save', 'load']`; `close` is optional in every contract. */
  readonly methods: readonly string[];
}

/** The module given as an implementation cannot be loaded, or does not have the contract's shape. */
export class ImplModuleError extends Error {
  override readonly name = 'ImplModuleError';
}

interface Target {
  /** Absolute path of the module. */
  readonly file: string;
  readonly contract: NodeSystemContract;
}

type Open = (root: string) => unknown;
type SystemObject = Record<string, unknown>;

const require = createRequire(import.meta.url);

/** The factory that runs the module at `module` (a path, absolute or from the working directory, or a file URL). */
export function nodeModuleFactory<System>(module: string | URL, contract: NodeSystemContract): SystemFactory<System> {
  const file = module instanceof URL || module.startsWith('file:') ? fileURLToPath(module) : resolve(module);
  const target: Target = { file, contract };
  return (fs, root) => (fs instanceof SimFs ? openSimulated<System>(fs, root, target) : openDirect<System>(root, target));
}

async function openSimulated<System>(disk: SimFs, root: string, target: Target): Promise<System> {
  installInterposition();
  const process = new HostedProcess(disk, root);
  const inner = await process.start(async () => openSystem(await openOf(() => process.run.loadFresh(target.file)), root, target));
  return hostedSystem<System>(inner, process, target.contract);
}

/** On a real disk: the module loaded afresh (its CommonJS files dropped from the cache after), run as it is. */
async function openDirect<System>(root: string, target: Target): Promise<System> {
  installInterposition();
  const cacheBefore = new Set(Object.keys(require.cache));
  let open: Open;
  try {
    open = await openOf(() => importFresh(target.file, defaultParentUrl(), nextFreshGeneration()));
  } finally {
    for (const key of Object.keys(require.cache)) if (!cacheBefore.has(key)) delete require.cache[key];
  }
  // The object is the System itself: its shape was checked against the contract.
  return (await openSystem(open, root, target)) as unknown as System;
}

/** Loads the module and finds its open function, or says what is wrong with it. */
async function openOf(load: () => Promise<unknown>): Promise<Open> {
  let loaded: unknown;
  try {
    loaded = await load();
  } catch (error) {
    throw loadFailure(error);
  }
  let open = typeof loaded === 'object' && loaded !== null ? (loaded as { default?: unknown }).default : undefined;
  // CommonJS compiled from ESM keeps its default export under `default`.
  if (typeof open === 'object' && open !== null && typeof (open as { default?: unknown }).default === 'function') open = (open as { default: unknown }).default;
  if (typeof open !== 'function') {
    throw new ImplModuleError(`the module's default export must be a function open(root) => Promise<System>, got ${open === undefined ? 'no default export' : typeof open}`);
  }
  return open as Open;
}

function loadFailure(error: unknown): ImplModuleError {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const unloadable = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || code === 'ERR_UNKNOWN_FILE_EXTENSION' || error instanceof SyntaxError;
  return new ImplModuleError(unloadable ? `cannot load the module: ${describeError(error)}` : `the module threw while loading: ${describeError(error)}`, { cause: error });
}

/** Calls open(root) and checks that it resolved to a System of the contract. */
async function openSystem(open: Open, root: string, target: Target): Promise<SystemObject> {
  const system: unknown = await open(root);
  const methods = [...target.contract.methods, 'close'];
  const wanted = `a System with ${target.contract.methods.map((m) => `${m}()`).join(', ')} (and optionally close())`;
  if (typeof system !== 'object' || system === null) throw new ImplModuleError(`open(root) must resolve to ${wanted}, got ${system === null ? 'null' : typeof system}`);
  for (const method of methods) {
    const value = (system as SystemObject)[method];
    if (typeof value === 'function' || (method === 'close' && value === undefined)) continue;
    throw new ImplModuleError(`open(root) must resolve to ${wanted}, but its ${method} is ${value === undefined ? 'missing' : `a ${typeof value}`}`);
  }
  return system as SystemObject;
}

/** The System the runner sees: each method runs in the process; close ends it; the process's violations are reported. */
function hostedSystem<System>(inner: SystemObject, process: HostedProcess, contract: NodeSystemContract): System {
  const system: Record<string | symbol, unknown> = {};
  for (const method of contract.methods) {
    const call = inner[method] as (...args: unknown[]) => unknown;
    system[method] = (...args: unknown[]) => process.call(() => Promise.resolve(call.apply(inner, args)));
  }
  const close = inner['close'] as (() => unknown) | undefined;
  system['close'] = () => process.stop(close === undefined ? undefined : async () => void (await close.call(inner)));
  system[HOST_VIOLATIONS] = () => process.violations();
  // Built method by method from the contract the scenario's System type states.
  return system as unknown as System;
}
