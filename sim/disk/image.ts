import { StableHash } from '../trace.js';
import { ByteBuffer } from './bytes.js';
import { materialize } from './crash-build.js';
import type { DiskState } from './disk-state.js';
import { DirNode, FileNode } from './nodes.js';
import type { Inode } from './nodes.js';

/**
 * A plain, JSON-able picture of a disk's VISIBLE tree: used to write a post-crash state to a real
 * disk, to compare states in tests, and to start a SimFs from a known tree.
 *
 * Hard links are flattened: two names of one inode become two files with equal contents (a real
 * disk written from an image gets copies). `imageDigest` is blind to the difference for the same
 * reason.
 */
export type DiskImage = DirImage | FileImage;

export interface DirImage {
  readonly kind: 'dir';
  /** Name -> child. A null-prototype object, so any file name (even `__proto__`) is a plain key. */
  readonly entries: Readonly<Record<string, DiskImage>>;
}

export interface FileImage {
  readonly kind: 'file';
  readonly data: Uint8Array;
}

function sortedNames(dir: DirNode): string[] {
  return [...dir.entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A stable hash of the visible tree: paths, kinds and contents, independent of insertion order. */
export function digestOf(disk: DiskState): string {
  const hash = new StableHash();
  const visit = (dir: DirNode, path: string): void => {
    for (const name of sortedNames(dir)) {
      const child = dir.entries.get(name) as Inode;
      const childPath = `${path}/${name}`;
      if (child.kind === 'dir') {
        hash.update(`D ${childPath}\n`);
        visit(child, childPath);
        continue;
      }
      const bytes = child.data.view();
      hash.update(`F ${childPath} ${bytes.length}\n`);
      hash.updateBytes(bytes);
      hash.update('\n');
    }
  };
  visit(disk.root, '');
  return hash.digest();
}

export function toImage(disk: DiskState): DirImage {
  const visit = (dir: DirNode): DirImage => {
    const entries = Object.create(null) as Record<string, DiskImage>;
    for (const name of sortedNames(dir)) {
      const child = dir.entries.get(name) as Inode;
      entries[name] = child.kind === 'dir' ? visit(child) : { kind: 'file', data: child.data.copy() };
    }
    return { kind: 'dir', entries };
  };
  return visit(disk.root);
}

/** Builds a disk holding `image`, everything durable. Throws TypeError on a malformed image. */
export function fromImage(image: DiskImage): DiskState {
  if (image.kind !== 'dir') throw new TypeError(`SimFs.fromImage: the image's root must be a directory, got kind ${String(image.kind)}`);
  // Shape the image as a throwaway inode tree, then reuse the crash materializer to copy it.
  let ino = -1;
  const build = (node: DiskImage, path: string): Inode => {
    if (node.kind === 'file') {
      if (!(node.data instanceof Uint8Array)) throw new TypeError(`SimFs.fromImage: ${path} must have a Uint8Array data`);
      return new FileNode(ino--, undefined, new ByteBuffer(node.data));
    }
    if (node.kind !== 'dir' || typeof node.entries !== 'object' || node.entries === null) {
      throw new TypeError(`SimFs.fromImage: ${path || '/'} must be { kind: 'dir', entries } or { kind: 'file', data }`);
    }
    const dir = new DirNode(ino--);
    for (const name of Object.keys(node.entries)) {
      if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
        throw new TypeError(`SimFs.fromImage: ${path}/${name} is not a valid file name`);
      }
      dir.durableForWrite().set(name, build(node.entries[name] as DiskImage, `${path}/${name}`));
    }
    return dir;
  };
  const root = build(image, '') as DirNode;
  return materialize({ root, entriesOf: (dir) => dir.durable, dataOf: (file) => file.durable });
}
