import type { ByteBuffer } from './bytes.js';
import { DiskState } from './disk-state.js';
import type { DurableView } from './crash-point.js';
import { applyNameOp, isNameOp } from './nodes.js';
import type { DirNode, FileNode, Inode, PendingOp } from './nodes.js';
import { applyDataOutcome } from './outcomes.js';
import type { Outcome } from './outcomes.js';

/**
 * Builds one post-crash disk: the durable state `source` shows, plus the pending operations with
 * their chosen outcomes applied in seq order, minus every inode no directory path reaches. The
 * result has nothing pending: what it shows is exactly what it would show after another crash.
 */
export function buildCrashState(
  source: DurableView,
  ops: readonly PendingOp[],
  outcomes: readonly Outcome[],
  sectorSizeBytes: number,
): DiskState {
  // Working copies, made on first touch: untouched inodes are read straight from durable state.
  const dirs = new Map<DirNode, Map<string, Inode>>();
  const files = new Map<FileNode, ByteBuffer>();
  const entriesOf = (dir: DirNode): Map<string, Inode> => {
    let entries = dirs.get(dir);
    if (entries === undefined) {
      entries = new Map(source.entriesOf(dir));
      dirs.set(dir, entries);
    }
    return entries;
  };
  ops.forEach((op, index) => {
    const outcome = outcomes[index];
    if (outcome === undefined) throw new Error(`buildCrashState: no outcome for pending operation #${op.seq}`);
    if (outcome.kind === 'drop') return;
    if (isNameOp(op)) {
      applyNameOp(op, entriesOf);
      return;
    }
    let data = files.get(op.file);
    if (data === undefined) {
      data = source.dataOf(op.file).clone();
      files.set(op.file, data);
    }
    applyDataOutcome(op, outcome, data, sectorSizeBytes);
  });
  const state = materialize(source.root, (dir) => dirs.get(dir) ?? source.entriesOf(dir), (file) => files.get(file) ?? source.dataOf(file));
  state.crashChoices = { ops, outcomes };
  return state;
}

/**
 * Copies the tree reachable from `root` into a fresh disk where everything is durable. Hard links
 * stay links. A directory reached a second time (reordered renames can, in principle, produce
 * one) is left out there, since a directory has one parent.
 */
export function materialize(
  root: DirNode,
  entriesOf: (dir: DirNode) => ReadonlyMap<string, Inode>,
  dataOf: (file: FileNode) => ByteBuffer,
): DiskState {
  const disk = new DiskState();
  const copies = new Map<Inode, Inode>([[root, disk.root]]);
  const stack: Array<[DirNode, DirNode]> = [[root, disk.root]];
  while (stack.length > 0) {
    const [from, to] = stack.pop() as [DirNode, DirNode];
    for (const [name, child] of entriesOf(from)) {
      let copy = copies.get(child);
      if (copy === undefined) {
        if (child.kind === 'dir') {
          copy = disk.newDir();
          stack.push([child, copy]);
        } else {
          const data = dataOf(child);
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
