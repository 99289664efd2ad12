import type { ByteBuffer } from './bytes.js';
import { DiskState } from './disk-state.js';
import type { DurableView } from './crash-point.js';
import { applyNameOp, isNameOp } from './nodes.js';
import type { DataOp, DirNode, FileNode, Inode, PendingOp } from './nodes.js';
import { applyDataOutcome } from './outcomes.js';
import type { Outcome } from './outcomes.js';

/** The data operations of one file that reached the disk in a crash state, in seq order, and how. */
export interface ReachedData {
  readonly ops: DataOp[];
  readonly outcomes: Outcome[];
}

/** Where a crash state's file contents come from: built afresh, or remembered (see CrashDataMemo). */
export interface CrashDataSource {
  /** `file`'s durable data with `reached` applied; the caller only clones it. */
  dataOf(file: FileNode, reached: ReachedData): ByteBuffer;
}

/** A file's durable data with the data operations that reached the disk applied, in a new buffer. */
export function crashedData(durable: ByteBuffer, reached: ReachedData, sectorSizeBytes: number): ByteBuffer {
  const data = durable.clone();
  reached.ops.forEach((op, i) => applyDataOutcome(op, reached.outcomes[i] as Outcome, data, sectorSizeBytes));
  return data;
}

/**
 * The durable state after a crash, before it is copied into a disk: `source` with the name
 * operations that reached the disk applied to working copies of their directories (made on first
 * touch), and the data operations that reached it noted per file. A file's contents depend on its
 * own data operations only, so they are built when the tree reaches the file, if it does.
 */
class CrashedView implements DurableView {
  readonly root: DirNode;
  readonly #source: DurableView;
  readonly #sectorSizeBytes: number;
  readonly #contents: CrashDataSource | undefined;
  readonly #dirs = new Map<DirNode, Map<string, Inode>>();
  readonly #reached = new Map<FileNode, ReachedData>();
  readonly #entriesForWrite = (dir: DirNode): Map<string, Inode> => {
    let entries = this.#dirs.get(dir);
    if (entries === undefined) {
      entries = new Map(this.#source.entriesOf(dir));
      this.#dirs.set(dir, entries);
    }
    return entries;
  };

  constructor(source: DurableView, sectorSizeBytes: number, contents: CrashDataSource | undefined) {
    this.root = source.root;
    this.#source = source;
    this.#sectorSizeBytes = sectorSizeBytes;
    this.#contents = contents;
  }

  /** Lets `op` reach the disk with `outcome` (not a drop), in seq order. */
  apply(op: PendingOp, outcome: Outcome): void {
    if (isNameOp(op)) {
      applyNameOp(op, this.#entriesForWrite);
      return;
    }
    const reached = this.#reached.get(op.file);
    if (reached === undefined) {
      this.#reached.set(op.file, { ops: [op], outcomes: [outcome] });
    } else {
      reached.ops.push(op);
      reached.outcomes.push(outcome);
    }
  }

  entriesOf(dir: DirNode): ReadonlyMap<string, Inode> {
    return this.#dirs.get(dir) ?? this.#source.entriesOf(dir);
  }

  dataOf(file: FileNode): ByteBuffer {
    const reached = this.#reached.get(file);
    if (reached === undefined) return this.#source.dataOf(file);
    if (this.#contents !== undefined) return this.#contents.dataOf(file, reached);
    return crashedData(this.#source.dataOf(file), reached, this.#sectorSizeBytes);
  }
}

/**
 * Builds one post-crash disk: the durable state `source` shows, plus the pending operations with
 * their chosen outcomes applied in seq order, minus every inode no directory path reaches. The
 * result has nothing pending: what it shows is exactly what it would show after another crash.
 * `contents`, when given, supplies the file contents (built from the same `source`).
 */
export function buildCrashState(
  source: DurableView,
  ops: readonly PendingOp[],
  outcomes: readonly Outcome[],
  sectorSizeBytes: number,
  contents?: CrashDataSource,
): DiskState {
  const view = new CrashedView(source, sectorSizeBytes, contents);
  for (let index = 0; index < ops.length; index++) {
    const op = ops[index] as PendingOp;
    const outcome = outcomes[index];
    if (outcome === undefined) throw new Error(`buildCrashState: no outcome for pending operation #${op.seq}`);
    if (outcome.kind !== 'drop') view.apply(op, outcome);
  }
  const state = materialize(view);
  state.crashChoices = { ops, outcomes };
  return state;
}

/**
 * Copies the tree reachable from the view's root into a fresh disk where everything is durable. Hard links
 * stay links. A directory reached a second time (reordered renames can, in principle, produce
 * one) is left out there, since a directory has one parent.
 */
export function materialize(view: DurableView): DiskState {
  const root = view.root;
  const disk = new DiskState();
  const copies = new Map<Inode, Inode>([[root, disk.root]]);
  const stack: Array<[DirNode, DirNode]> = [[root, disk.root]];
  while (stack.length > 0) {
    const [from, to] = stack.pop() as [DirNode, DirNode];
    for (const [name, child] of view.entriesOf(from)) {
      let copy = copies.get(child);
      if (copy === undefined) {
        if (child.kind === 'dir') {
          copy = disk.newDir();
          stack.push([child, copy]);
        } else {
          const data = view.dataOf(child);
          copy = disk.newFile(data.clone(), data.clone());
        }
        copies.set(child, copy);
      } else if (copy.kind === 'dir') {
        continue;
      }
      to.entries.set(name, copy);
      to.durableForWrite().set(name, copy);
      if (copy.kind === 'file') copy.links++;
    }
  }
  return disk;
}
