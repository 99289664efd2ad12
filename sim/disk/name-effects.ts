import type { DiskState } from './disk-state.js';
import type { FileNode, Inode } from './nodes.js';
import type { OpenFlagSemantics } from '../../src/fs/open-flags.js';
import { failWith, lookupSlot, parsePath } from './resolve.js';
import type { Fail } from './resolve.js';

/**
 * The name effects of open (create, truncate) and mkdir, with Linux's error codes: SimFs applies
 * them inside a step, on its disk state.
 */

/** Open's name resolution and side effects (create, truncate), shared by open and writeFile. */
export function openNode(disk: DiskState, path: string, semantics: OpenFlagSemantics, syscall: string): Inode {
  const fail: Fail = failWith(syscall, path);
  const slot = lookupSlot(disk.root, path, syscall, fail);
  if (slot === undefined) {
    if (semantics.create && semantics.exclusive) fail('EEXIST');
    if (semantics.writable) fail('EISDIR');
    return disk.root;
  }
  const existing = slot.node;
  if (existing === undefined) {
    if (!semantics.create) fail('ENOENT');
    if (slot.trailingSlash) fail('EISDIR');
    const file: FileNode = disk.newFile();
    disk.addName('create', slot.dir, slot.name, file);
    return file;
  }
  if (semantics.create && semantics.exclusive) fail('EEXIST');
  if (existing.kind === 'dir') {
    if (semantics.writable) fail('EISDIR');
  } else if (semantics.truncate) {
    disk.truncate(existing, 0);
  }
  return existing;
}

export function mkdirOne(disk: DiskState, path: string): undefined {
  const fail: Fail = failWith('mkdir', path);
  const slot = lookupSlot(disk.root, path, 'mkdir', fail);
  if (slot === undefined || slot.node !== undefined) fail('EEXIST');
  disk.addName('mkdir', slot.dir, slot.name, disk.newDir());
  return undefined;
}

/** `mkdir -p`: every missing directory, each its own pending mkdir; returns the first created. */
export function mkdirRecursive(disk: DiskState, path: string): string | undefined {
  const fail: Fail = failWith('mkdir', path);
  const parts = parsePath(path, 'mkdir');
  let dir = disk.root;
  let index = 0;
  for (; index < parts.length; index++) {
    const next = dir.entries.get(parts[index] as string);
    if (next === undefined) break;
    if (next.kind === 'file') fail(index === parts.length - 1 ? 'EEXIST' : 'ENOTDIR');
    dir = next;
  }
  if (index === parts.length) return undefined;
  const first = `/${parts.slice(0, index + 1).join('/')}`;
  for (; index < parts.length; index++) {
    const created = disk.newDir();
    disk.addName('mkdir', dir, parts[index] as string, created);
    dir = created;
  }
  return first;
}
