import { Buffer } from 'node:buffer';
import { StableHash } from '../trace.js';
import type { DiskState } from './disk-state.js';
import type { DirNode, FileNode, Inode } from './nodes.js';

/**
 * The distinct states of one exhaustive exploration, in the order found (combinations mostly
 * differ from the last in a few operations, so most states repeat). The first is keyed only when a
 * second arrives: a walk with a single combination (the process profile, or a disk with nothing
 * pending) reads no file contents at all.
 */
export class DistinctStates {
  readonly states: DiskState[] = [];
  readonly #keys = new VisibleTreeKeys();
  readonly #seen = new Set<string>();

  /** Keeps `state` unless its visible tree equals one kept before. */
  add(state: DiskState): void {
    const first = this.states[0];
    if (first === undefined) {
      this.states.push(state);
      return;
    }
    if (this.#seen.size === 0) this.#seen.add(this.#keys.keyOf(first));
    const key = this.#keys.keyOf(state);
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.states.push(state);
  }
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Keys that tell post-crash states apart by exactly what imageDigest hashes: the visible tree's
 * names, kinds and file contents, hard links seen as copies. Two states get equal keys if and only
 * if their trees are equal. Each distinct content is read once and then named by a small number:
 * a buffer shared by clones is recognised by its content token without reading it again. Lives
 * for one synchronous exploration: the states it looked at must not change meanwhile.
 */
export class VisibleTreeKeys {
  readonly #idsByToken = new Map<object, { readonly sizeBytes: number; readonly id: number }>();
  readonly #contentsByHash = new Map<string, Array<{ readonly bytes: Uint8Array; readonly id: number }>>();
  #contentsCount = 0;

  /**
   * Names cannot hold `\0`, so the key reads back unambiguously: `F<name>\0<content id>\0` for a
   * file, `D<name>\0` then the directory's entries then `U` for a directory, in name order.
   */
  keyOf(disk: DiskState): string {
    return this.#keyOfDir(disk.root);
  }

  #keyOfDir(dir: DirNode): string {
    let key = '';
    for (const name of [...dir.entries.keys()].sort(byName)) {
      const child = dir.entries.get(name) as Inode;
      key += child.kind === 'dir' ? `D${name}\0${this.#keyOfDir(child)}U` : `F${name}\0${this.#contentId(child)}\0`;
    }
    return key;
  }

  #contentId(file: FileNode): number {
    const data = file.data;
    const token = data.contentToken;
    const known = this.#idsByToken.get(token);
    if (known !== undefined && known.sizeBytes === data.size) return known.id;
    const id = this.#idOfBytes(data.view());
    this.#idsByToken.set(token, { sizeBytes: data.size, id });
    return id;
  }

  /** The number of these exact bytes, given on first sight (a hash finds candidates, a comparison decides). */
  #idOfBytes(bytes: Uint8Array): number {
    const hash = new StableHash().updateInt(bytes.length).updateBytes(bytes).digest();
    let candidates = this.#contentsByHash.get(hash);
    if (candidates === undefined) {
      candidates = [];
      this.#contentsByHash.set(hash, candidates);
    }
    const same = candidates.find((candidate) => Buffer.compare(candidate.bytes, bytes) === 0);
    if (same !== undefined) return same.id;
    const id = this.#contentsCount++;
    candidates.push({ bytes, id });
    return id;
  }
}
