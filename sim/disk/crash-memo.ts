import { Buffer } from 'node:buffer';
import { StableHash } from '../trace.js';
import type { ByteBuffer } from './bytes.js';
import { crashedData } from './crash-build.js';
import type { CrashDataSource, ReachedData } from './crash-build.js';
import type { DurableView } from './crash-point.js';
import type { DiskState } from './disk-state.js';
import type { DirNode, FileNode, Inode } from './nodes.js';
import type { Outcome } from './outcomes.js';

/**
 * What exhaustive exploration remembers across the combinations of one call: most combinations
 * differ from the last in a few operations, so most file contents, and most states, repeat.
 * Both live for one synchronous exploration: the durable data they were built from, and the
 * states they looked at, must not change meanwhile.
 */

/**
 * File contents built so far, by file and by which of its data operations reached the disk and
 * how: a file's post-crash contents depend on nothing else. Buffers handed out are shared by every
 * state that uses them (materialize clones them, and a clone copies before it changes).
 */
export class CrashDataMemo implements CrashDataSource {
  readonly #source: DurableView;
  readonly #sectorSizeBytes: number;
  readonly #outcomeIds = new Map<Outcome, number>();
  readonly #contents = new Map<FileNode, Map<string, ByteBuffer>>();

  /** For the crash states of `source` (see buildCrashState). */
  constructor(source: DurableView, sectorSizeBytes: number) {
    this.#source = source;
    this.#sectorSizeBytes = sectorSizeBytes;
  }

  dataOf(file: FileNode, reached: ReachedData): ByteBuffer {
    let byChoice = this.#contents.get(file);
    if (byChoice === undefined) {
      byChoice = new Map();
      this.#contents.set(file, byChoice);
    }
    const key = this.#keyOf(reached);
    let data = byChoice.get(key);
    if (data === undefined) {
      data = crashedData(this.#source.dataOf(file), reached, this.#sectorSizeBytes);
      byChoice.set(key, data);
    }
    return data;
  }

  /** `seq:outcome,` per operation that reached the disk; outcomes are told apart by identity. */
  #keyOf(reached: ReachedData): string {
    let key = '';
    reached.ops.forEach((op, i) => {
      const outcome = reached.outcomes[i] as Outcome;
      let id = this.#outcomeIds.get(outcome);
      if (id === undefined) {
        id = this.#outcomeIds.size;
        this.#outcomeIds.set(outcome, id);
      }
      key += `${op.seq}:${id},`;
    });
    return key;
  }
}

/**
 * The distinct states of one exploration, in the order found. The first is keyed only when a
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
 * a buffer shared by clones is recognised by its content token without reading it again.
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
