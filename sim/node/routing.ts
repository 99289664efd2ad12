import { posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ActiveRun } from './active-run.js';
import type { FacadeCall, RefusedCall } from './facade-call.js';
import { isSimulatedFd } from './fd-table.js';

/**
 * Where a call goes during a run: to the simulated disk when its paths are under the root (or
 * are the root's ancestors, which the root needs to exist) or its fd is simulated; to the real fs
 * when it reads for module loading or under node_modules; nowhere otherwise (blocked).
 */

export type Route =
  | { readonly kind: 'real' }
  | { readonly kind: 'simulated'; readonly args: unknown[]; readonly path: string }
  | { readonly kind: 'blocked'; readonly path: string };

const REAL: Route = { kind: 'real' };

/** A path argument (string, Buffer or file: URL) as an absolute path string; undefined for anything else. */
export function pathString(value: unknown): string | undefined {
  let path: string;
  if (typeof value === 'string') path = value;
  else if (Buffer.isBuffer(value)) path = value.toString();
  else if (value instanceof URL) {
    if (value.protocol !== 'file:') return undefined;
    path = fileURLToPath(value);
  } else return undefined;
  if (path.startsWith('/')) return path;
  // A relative path is resolved as the kernel would, keeping a trailing slash (it asks for a directory).
  const absolute = resolve(path);
  return path.endsWith('/') && absolute !== '/' ? `${absolute}/` : absolute;
}

/** True for a path on the simulated disk: the root, below it, or one of its ancestors. */
export function isSimulatedPath(root: string, path: string): boolean {
  if (path.startsWith(root) && (path.length === root.length || path.charCodeAt(root.length) === 0x2f) && !path.includes('/.')) return true;
  const normal = posix.normalize(path).replace(/\/+$/, '') || '/';
  return normal === root || normal.startsWith(`${root}/`) || normal === '/' || root.startsWith(`${normal}/`);
}

/** Whether the call could change anything (a write is never allowed outside the root). */
function readOnly(call: FacadeCall | RefusedCall, args: readonly unknown[]): boolean {
  if (!('readOnly' in call)) return false;
  return typeof call.readOnly === 'function' ? call.readOnly(args) : call.readOnly;
}

/** Frames of module loaders that read files through the public fs: Node's CommonJS loader, and tsx's. */
const LOADER_FRAMES = ['node:internal/modules/', '/node_modules/tsx/'];

/** This folder, whose frames a caller's stack leaves out. */
const LAYER_DIR = `${posix.dirname(fileURLToPath(import.meta.url))}/`;

/** The frames of `stack` (after its message line) that are not this layer's. */
export function withoutLayerFrames(stack: string): string {
  return stack.split('\n').slice(1).filter((line) => !line.includes(LAYER_DIR)).join('\n');
}

/** The stack of the caller of an interposed function, without the frames of this folder. */
export function callerStack(): string {
  return withoutLayerFrames(new Error().stack ?? '');
}

function firstFrame(stack: string): string {
  return stack.split('\n', 1)[0] ?? '';
}

/** A read outside the root is allowed for module loading and for files under node_modules. */
function mayReadOutside(path: string): boolean {
  if (path.includes('/node_modules/')) return true;
  const frame = firstFrame(callerStack());
  return LOADER_FRAMES.some((loader) => frame.includes(loader));
}

/**
 * The route of `args` for `call` during `run`. Path arguments come back as absolute strings and a
 * FileHandle of the facade as its fd, so the facade sees one shape.
 */
export function routeOf(run: ActiveRun, call: FacadeCall | RefusedCall, args: readonly unknown[]): Route {
  const routed = args.slice();
  if (call.fdAt !== undefined) {
    const fd = fdOf(args[call.fdAt]);
    if (fd !== undefined) {
      if (run.finished) return REAL;
      routed[call.fdAt] = fd;
      return { kind: 'simulated', args: routed, path: run.fds.get(fd)?.path ?? `fd ${fd}` };
    }
  }
  let outside: string | undefined;
  let inside: string | undefined;
  for (const index of call.paths) {
    if (call.fdAt === index && typeof args[index] === 'number') continue;
    const path = pathString(args[index]);
    if (path === undefined) continue;
    routed[index] = path;
    if (isSimulatedPath(run.root, path)) inside ??= path;
    else outside ??= path;
  }
  if (run.finished) return inside !== undefined && !readOnly(call, routed) ? { kind: 'blocked', path: inside } : REAL;
  if (outside === undefined) return inside === undefined ? REAL : { kind: 'simulated', args: routed, path: inside };
  if (inside === undefined && readOnly(call, routed) && mayReadOutside(outside)) return REAL;
  return { kind: 'blocked', path: outside };
}

/** A simulated fd, given as a number or as a FileHandle of the facade. */
export function fdOf(value: unknown): number | undefined {
  if (isSimulatedFd(value)) return value;
  if (typeof value === 'object' && value !== null && SIMULATED_HANDLE in value) {
    const fd = (value as { fd?: unknown }).fd;
    return isSimulatedFd(fd) ? fd : undefined;
  }
  return undefined;
}

/** Marks the facade's FileHandles, so a handle passed where Node takes one is routed by its fd. */
export const SIMULATED_HANDLE: unique symbol = Symbol.for('crashsim.node.simulated-file-handle');
