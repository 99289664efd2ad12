import type { ByteBuffer } from './bytes.js';
import type { DirNode, FileNode, Inode, PendingOp } from './nodes.js';

/**
 * The durable state a post-crash disk is built from: the root, and for each inode what a crash
 * keeps of it at least. A live disk's view reads its inodes' current durable state; a CrashPoint
 * reads the durable state as it was when the point was taken.
 */
export interface DurableView {
  readonly root: DirNode;
  entriesOf(dir: DirNode): ReadonlyMap<string, Inode>;
  dataOf(file: FileNode): ByteBuffer;
  /** What the page cache held of `file` before its pending operations (its durable data unless a failed fsync left clean pages). */
  cacheOf(file: FileNode): ByteBuffer;
}

/** What ext4-ordered plans ask of the disk a crash comes from. */
export interface JournalView {
  /** Inodes the durable tree names. */
  durablyNamed(): ReadonlySet<Inode>;
  /** Name operations with a smaller seq were committed by an ext4 journal commit (an fsync). */
  readonly journalCommitSeq: number;
  /** See FileNode.flushedBeforeSeq, as it was when the crash happens. */
  flushedBeforeSeq(file: FileNode): number;
}

const NO_ENTRIES: ReadonlyMap<string, Inode> = new Map();

/**
 * What a crash at one moment could leave, remembered cheaply so that the post-crash disk can be
 * built later, if at all. The runner considers several crash points per run (reservoir sampling)
 * and keeps one of them: building a disk at each would copy the whole tree every time, whereas a
 * point costs a reference per inode.
 *
 * It stays valid however the disk changes afterwards: it holds the durable directory maps, which
 * the disk copies before their next change (DirNode.durableForWrite); copy-on-write clones of the
 * durable file data; and the pending operations, which are never changed once made.
 */
export class CrashPoint implements DurableView, JournalView {
  readonly root: DirNode;
  readonly journalCommitSeq: number;
  /** The pending operations that can matter to a crash, in seq order (DiskState.pendingOps). */
  readonly ops: readonly PendingOp[];
  readonly #entries = new Map<DirNode, ReadonlyMap<string, Inode>>();
  readonly #data = new Map<FileNode, ByteBuffer>();
  readonly #cache = new Map<FileNode, ByteBuffer>();
  readonly #flushedBefore = new Map<FileNode, number>();

  /** `reachable`: every inode a crash state can reach (the durable tree and what `ops` name). */
  constructor(root: DirNode, ops: readonly PendingOp[], reachable: Iterable<Inode>, journalCommitSeq: number) {
    this.root = root;
    this.ops = ops;
    this.journalCommitSeq = journalCommitSeq;
    for (const node of reachable) {
      if (node.kind === 'dir') {
        this.#entries.set(node, node.shareDurable());
        continue;
      }
      this.#data.set(node, node.durable.clone());
      // Clean pages are replaced, never changed in place: holding the buffer is enough.
      if (node.clean !== null) this.#cache.set(node, node.clean);
      if (node.flushedBeforeSeq >= 0) this.#flushedBefore.set(node, node.flushedBeforeSeq);
    }
  }

  /**
   * A directory outside `reachable` can only be one no state reaches (a pending create in a
   * directory whose removal is durable, say): its entries cannot show, so none are as good.
   */
  entriesOf(dir: DirNode): ReadonlyMap<string, Inode> {
    return this.#entries.get(dir) ?? NO_ENTRIES;
  }

  dataOf(file: FileNode): ByteBuffer {
    const data = this.#data.get(file);
    if (data === undefined) throw new Error(`CrashPoint: inode ${file.ino} was not reachable when the point was taken (a simulator bug)`);
    return data;
  }

  cacheOf(file: FileNode): ByteBuffer {
    return this.#cache.get(file) ?? this.dataOf(file);
  }

  flushedBeforeSeq(file: FileNode): number {
    return this.#flushedBefore.get(file) ?? -1;
  }

  /** Inodes the durable tree named at the point (for ext4-ordered plans). */
  durablyNamed(): Set<Inode> {
    return durableClosure([this.root], this);
  }
}

/** `starts` and everything below them through the view's durable directory entries. */
export function durableClosure(starts: readonly Inode[], view: Pick<DurableView, 'entriesOf'>): Set<Inode> {
  const seen = new Set<Inode>();
  const stack = [...starts];
  while (stack.length > 0) {
    const node = stack.pop() as Inode;
    if (seen.has(node)) continue;
    seen.add(node);
    if (node.kind === 'dir') for (const child of view.entriesOf(node).values()) stack.push(child);
  }
  return seen;
}
