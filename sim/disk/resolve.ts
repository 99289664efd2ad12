import { simError } from './sim-error.js';
import type { FsErrorCode } from '../../src/fs/errors.js';
import { splitAbsolutePath } from '../../src/fs/path.js';
import { BoundedMemo } from '../../src/support/bounded-memo.js';
import type { FileStats } from '../../src/fs/types.js';
import type { DirNode, Inode } from './nodes.js';

/**
 * Path lookup with Linux's error codes: a missing component is ENOENT, a component that is a file
 * is ENOTDIR, and a trailing slash demands a directory. Errors name the path as given, and the
 * destination too for the two-path calls (rename, link), as Node does.
 */

export type Fail = (code: FsErrorCode) => never;

export function failWith(syscall: string, path: string, dest?: string): Fail {
  return (code) => {
    throw simError(code, syscall, path, dest);
  };
}

/** A name inside a directory, and what it names now (undefined: nothing). */
export interface Slot {
  readonly dir: DirNode;
  readonly name: string;
  readonly node: Inode | undefined;
  /** The path ended with `/`: only a directory may be named. */
  readonly trailingSlash: boolean;
}

/**
 * Walks the first `count` components, each of which must be a directory; calls `onDir` with each
 * directory passed (rename uses it to refuse moving a directory into its own subtree).
 */
function walk(root: DirNode, parts: readonly string[], count: number, fail: Fail, onDir?: (dir: DirNode) => void): DirNode {
  let dir = root;
  for (let i = 0; i < count; i++) {
    const next = dir.entries.get(parts[i] as string);
    if (next === undefined) fail('ENOENT');
    if (next.kind !== 'dir') fail('ENOTDIR');
    dir = next;
    onDir?.(dir);
  }
  return dir;
}

/**
 * `splitAbsolutePath`, remembered: a run names the same few dozen paths thousands of times, and
 * splitting was a visible share of every call. Only valid paths are kept (an invalid one throws
 * each time, naming its own syscall); the arrays are shared, so callers must not change them.
 * Bounded, so a long process never grows it without limit.
 */
const parsedPaths = new BoundedMemo<string, readonly string[]>(2048);

export function parsePath(path: string, syscall: string): readonly string[] {
  return parsedPaths.recall(path) ?? parsedPaths.remember(path, splitAbsolutePath(path, syscall));
}

function hasTrailingSlash(path: string): boolean {
  return path.length > 1 && path.endsWith('/');
}

/** What `path` names; ENOENT or ENOTDIR when nothing does. */
export function lookup(root: DirNode, path: string, syscall: string, fail: Fail): Inode {
  const parts = parsePath(path, syscall);
  if (parts.length === 0) return root;
  const dir = walk(root, parts, parts.length - 1, fail);
  const node = dir.entries.get(parts[parts.length - 1] as string);
  if (node === undefined) fail('ENOENT');
  if (node.kind === 'file' && hasTrailingSlash(path)) fail('ENOTDIR');
  return node;
}

/**
 * The directory that holds (or would hold) `path`'s last component. Returns undefined for `/`,
 * which has no parent: each call decides what that means for it.
 */
export function lookupSlot(root: DirNode, path: string, syscall: string, fail: Fail, onDir?: (dir: DirNode) => void): Slot | undefined {
  const parts = parsePath(path, syscall);
  if (parts.length === 0) return undefined;
  const dir = walk(root, parts, parts.length - 1, fail, onDir);
  const name = parts[parts.length - 1] as string;
  const node = dir.entries.get(name);
  const trailingSlash = hasTrailingSlash(path);
  if (node !== undefined && node.kind === 'file' && trailingSlash) fail('ENOTDIR');
  return { dir, name, node, trailingSlash };
}

/** Directory sizes as ext4 reports them for small directories. */
const DIR_SIZE_BYTES = 4096;

class SimStats implements FileStats {
  readonly size: number;
  readonly nlink: number;
  readonly #isDirectory: boolean;

  constructor(size: number, nlink: number, isDirectory: boolean) {
    this.size = size;
    this.nlink = nlink;
    this.#isDirectory = isDirectory;
  }

  isFile(): boolean {
    return !this.#isDirectory;
  }

  isDirectory(): boolean {
    return this.#isDirectory;
  }
}

/** Stats as Linux gives them: a directory's nlink is 2 (itself and `.`) plus one per subdirectory (`..`). */
export function statsOf(node: Inode): FileStats {
  if (node.kind === 'file') return new SimStats(node.data.size, node.links, false);
  let subdirs = 0;
  for (const child of node.entries.values()) if (child.kind === 'dir') subdirs++;
  return new SimStats(DIR_SIZE_BYTES, 2 + subdirs, true);
}
