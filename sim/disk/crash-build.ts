import type { ByteBuffer } from './bytes.js';
import { crashedData } from './crash-data.js';
import type { ReachedData } from './crash-data.js';
import { DiskState } from './disk-state.js';
import type { DurableView } from './crash-point.js';
import { applyNameOp, isNameOp } from './nodes.js';
import type { DataOp, DirNode, FileNode, Inode, NameOp, PendingOp } from './nodes.js';
import type { DataRules, Outcome } from './outcomes.js';

/** How a profile turns outcomes into a state: which data rules, and whether clean pages survive. */
export interface BuildRules {
  readonly data: DataRules;
  /**
   * A process crash keeps the page cache: files start from what it held (pages a failed fsync
   * marked clean included), not from the durable data.
   */
  readonly fromCache: boolean;
}

export const POSIX_RULES: BuildRules = { data: 'posix', fromCache: false };

/** Where a crash state's file contents come from: built afresh, or remembered (see CrashDataMemo). */
export interface CrashDataSource {
  /** `file`'s contents with `reached` applied (see crashedData); the caller only clones it. */
  dataOf(file: FileNode, reached: ReachedData): ByteBuffer;
}

/**
 * The durable state after a crash, before it is copied into a disk: `source` with the name
 * operations that reached the disk applied to working copies of their directories (made on first
 * touch), and the data operations noted per file with their outcomes. A file's contents depend on
 * its own data operations only, so they are built when the tree reaches the file, if it does.
 */
class CrashedView implements DurableView {
  readonly root: DirNode;
  readonly #source: DurableView;
  readonly #sectorSizeBytes: number;
  readonly #rules: BuildRules;
  readonly #contents: CrashDataSource | undefined;
  readonly #dirs = new Map<DirNode, Map<string, Inode>>();
  readonly #reached = new Map<FileNode, { ops: DataOp[]; outcomes: Outcome[]; any: boolean }>();
  /** The inodes the durable tree names, when the caller knows them (see buildCrashState). */
  readonly #durablyNamed: (() => ReadonlySet<Inode>) | undefined;
  /** A kept operation removed or moved a directory: durable directories may no longer be reachable. */
  #dirsChanged = false;
  readonly #entriesForWrite = (dir: DirNode): Map<string, Inode> => {
    let entries = this.#dirs.get(dir);
    if (entries === undefined) {
      entries = new Map(this.#source.entriesOf(dir));
      this.#dirs.set(dir, entries);
    }
    return entries;
  };

  constructor(source: DurableView, sectorSizeBytes: number, rules: BuildRules, contents: CrashDataSource | undefined, durablyNamed: (() => ReadonlySet<Inode>) | undefined) {
    this.root = source.root;
    this.#durablyNamed = durablyNamed;
    this.#source = source;
    this.#sectorSizeBytes = sectorSizeBytes;
    this.#rules = rules;
    this.#contents = contents;
  }

  /**
   * Lets a name operation reach the disk, in seq order, unless it would cut its node off the tree.
   * `dirsMayMove`: some pending operation makes, removes or moves a directory (otherwise every
   * directory a rename can name is where the durable tree has it, and no check is needed).
   */
  applyName(op: NameOp, dirsMayMove: boolean): void {
    if (dirsMayMove && op.kind === 'rename' && op.toDir !== op.dir && !this.#staysReachable(op.toDir, op.node)) return;
    applyNameOp(op, this.#entriesForWrite);
    if (op.kind === 'rmdir' || (op.kind === 'rename' && op.node.kind === 'dir')) this.#dirsChanged = true;
  }

  /** A file moved into a durable directory while no directory was removed or moved stays reachable: no walk needed. */
  #staysReachable(target: DirNode, moved: Inode): boolean {
    if (moved.kind === 'file' && !this.#dirsChanged && this.#durablyNamed?.().has(target) === true) return true;
    return this.#reachableAvoiding(target, moved);
  }

  /** Notes a data operation's outcome (drops too: a file's sectors depend on all of them), in seq order. */
  noteData(op: DataOp, outcome: Outcome): void {
    const reached = this.#reached.get(op.file);
    const any = outcome.kind !== 'drop';
    if (reached === undefined) {
      this.#reached.set(op.file, { ops: [op], outcomes: [outcome], any });
    } else {
      reached.ops.push(op);
      reached.outcomes.push(outcome);
      reached.any ||= any;
    }
  }

  /**
   * Whether `target` hangs off the root in this state by a path not through `moved`: a rename
   * into a directory the state lacks (its mkdir was lost) or into the moved directory's own
   * subtree (a reordered rename) would detach what it moves, with all its synced contents. No
   * disk reaches such a state, so the rename is taken as lost.
   */
  #reachableAvoiding(target: DirNode, moved: Inode): boolean {
    const stack: DirNode[] = [this.root];
    const seen = new Set<DirNode>();
    while (stack.length > 0) {
      const dir = stack.pop() as DirNode;
      if (dir === target) return true;
      if (seen.has(dir)) continue;
      seen.add(dir);
      for (const child of this.entriesOf(dir).values()) if (child.kind === 'dir' && child !== moved) stack.push(child);
    }
    return false;
  }

  entriesOf(dir: DirNode): ReadonlyMap<string, Inode> {
    return this.#dirs.get(dir) ?? this.#source.entriesOf(dir);
  }

  dataOf(file: FileNode): ByteBuffer {
    const reached = this.#reached.get(file);
    const start = this.#rules.fromCache ? this.#source.cacheOf(file) : this.#source.dataOf(file);
    if (reached === undefined || !reached.any) return start;
    if (this.#contents !== undefined) return this.#contents.dataOf(file, reached);
    const bases = { durable: start, cache: this.#source.cacheOf(file) };
    return crashedData(bases, reached, this.#sectorSizeBytes, this.#rules.data);
  }

  cacheOf(file: FileNode): ByteBuffer {
    return this.#source.cacheOf(file);
  }
}

/**
 * Builds one post-crash disk: the durable state `source` shows, plus the pending operations with
 * their chosen outcomes applied in seq order, minus every inode no directory path reaches. The
 * result has nothing pending: what it shows is exactly what it would show after another crash.
 * `contents`, when given, supplies the file contents (built from the same `source` and rules);
 * `durablyNamed`, the inodes `source`'s tree names (it spares most reachability walks).
 */
export function buildCrashState(
  source: DurableView,
  ops: readonly PendingOp[],
  outcomes: readonly Outcome[],
  sectorSizeBytes: number,
  rules: BuildRules,
  contents?: CrashDataSource,
  durablyNamed?: () => ReadonlySet<Inode>,
): DiskState {
  const view = new CrashedView(source, sectorSizeBytes, rules, contents, durablyNamed);
  const dirsMayMove = ops.some((op) => op.kind === 'mkdir' || op.kind === 'rmdir' || (op.kind === 'rename' && op.node.kind === 'dir'));
  for (let index = 0; index < ops.length; index++) {
    const op = ops[index] as PendingOp;
    const outcome = outcomes[index];
    if (outcome === undefined) throw new Error(`buildCrashState: no outcome for pending operation #${op.seq}`);
    if (!isNameOp(op)) view.noteData(op, outcome);
    else if (outcome.kind !== 'drop') view.applyName(op, dirsMayMove);
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
export function materialize(view: Pick<DurableView, 'root' | 'entriesOf' | 'dataOf'>): DiskState {
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
