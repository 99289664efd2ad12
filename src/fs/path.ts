import { posix } from 'node:path';
import { fsError } from './errors.js';

/**
 * Path helpers for the contract's absolute POSIX paths. Backends and stores share them so that
 * every layer agrees on what a path means.
 */

export const join = posix.join;
export const dirname = posix.dirname;
export const basename = posix.basename;

/**
 * `join(dir, name)` for a normalized absolute `dir` and a `name` that is one plain component (no
 * `/`, not `.` or `..`): plain concatenation, without join's normalizing pass. Stores build most
 * of their paths this way, on every call.
 */
export function childPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/**
 * Validates a path given to a filesystem call and returns its components (no empty parts, no
 * `.`; `..` resolved lexically, never above `/`). Relative, empty or NUL-containing paths fail
 * with EINVAL the way a backend must report them.
 */
export function splitAbsolutePath(path: string, syscall: string): string[] {
  if (typeof path !== 'string' || path.length === 0 || path.includes('\0') || !path.startsWith('/')) {
    throw fsError('EINVAL', syscall, typeof path === 'string' ? path : String(path));
  }
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts;
}

/** True when `path` is `root` or lies below it (both absolute; compared after normalization). */
export function isWithin(root: string, path: string): boolean {
  const normalizedRoot = posix.normalize(root).replace(/\/+$/, '') || '/';
  const normalizedPath = posix.normalize(path);
  if (normalizedRoot === '/') return normalizedPath.startsWith('/');
  return normalizedPath === normalizedRoot || normalizedPath.startsWith(`${normalizedRoot}/`);
}
