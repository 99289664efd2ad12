import type { Outcome } from './outcomes.js';
import { ByteBuffer, ownedCopy } from './bytes.js';
import { applyDataOp, applyNameOp, DirNode, FileNode, slotsOf, touchesDir, writeExtends } from './nodes.js';
import type { DataOp, Inode, NameOp, PendingOp } from './nodes.js';
import { CrashPoint, durableClosure } from './crash-point.js';
import type { DurableView, JournalView } from './crash-point.js';

/** A live disk's durable state, read from its inodes as they are now. */
class InodesDurableView implements DurableView {
  readonly root: DirNode;

  constructor(root: DirNode) {
    this.root = root;
  }

  entriesOf(dir: DirNode): ReadonlyMap<string, Inode> {
    return dir.durable;
  }

  dataOf(file: FileNode): ByteBuffer {
    return file.durable;
  }

  cacheOf(file: FileNode): ByteBuffer {
    return file.clean ?? file.durable;
  }
}

/**
 * The inode graph of one simulated disk and what is not yet durable in it. Every mutator changes
 * the visible state and appends the matching pending operation, with a seq from one counter shared
 * by name and data operations so that "before" and "after" are well defined across files.
 *
 * It checks nothing: SimFs validates paths and arguments (Linux error codes) and calls in here
 * only with legal requests.
 */
export class DiskState implements JournalView {
  /**
   * The trace step of the call being applied. SimFs sets it before every effect; pending
   * operations remember it, so listings name the call that made each one.
   */
  step = 0;
  /**
   * On a post-crash disk: the pending operations of the disk it came from and what the crash did
   * to each (null on a disk that did not come from a crash).
   */
  crashChoices: { readonly ops: readonly PendingOp[]; readonly outcomes: readonly Outcome[] } | null = null;
  readonly root: DirNode;
  #nextIno = 1;
  #nextSeq = 0;
  #journalCommitSeq = 0;
  /** Name operations not yet durable, in seq order. */
  #pendingNames: NameOp[] = [];
  /** Files with pending data operations, in the order they first became dirty. */
  readonly #dirtyFiles = new Set<FileNode>();

  constructor() {
    this.root = this.newDir();
    this.durableView = new InodesDurableView(this.root);
  }

  newDir(): DirNode {
    return new DirNode(this.#nextIno++);
  }

  newFile(data?: ByteBuffer, durable?: ByteBuffer): FileNode {
    return new FileNode(this.#nextIno++, data, durable);
  }

  /** Adds `dir[name] = node` (create, link, mkdir). */
  addName(kind: 'create' | 'link' | 'mkdir', dir: DirNode, name: string, node: Inode): void {
    dir.entries.set(name, node);
    if (node.kind === 'file') node.links++;
    this.#pendingNames.push({ kind, seq: this.#nextSeq++, step: this.step, dir, name, node });
  }

  /** Removes `dir[name]`, which names `node` (unlink, rmdir). */
  removeName(kind: 'unlink' | 'rmdir', dir: DirNode, name: string, node: Inode): void {
    dir.entries.delete(name);
    if (node.kind === 'file') node.links--;
    this.#pendingNames.push({ kind, seq: this.#nextSeq++, step: this.step, dir, name, node });
  }

  /** Moves `node` from `dir[name]` to `toDir[toName]`, replacing what was there (one operation). */
  rename(dir: DirNode, name: string, toDir: DirNode, toName: string, node: Inode): void {
    const replaced = toDir.entries.get(toName);
    const replacesFile = replaced !== undefined && replaced.kind === 'file';
    if (replacesFile) replaced.links--;
    dir.entries.delete(name);
    toDir.entries.set(toName, node);
    this.#pendingNames.push({ kind: 'rename', seq: this.#nextSeq++, step: this.step, dir, name, toDir, toName, node, replacesFile });
  }

  /** Writes a private copy of `bytes` at `offset`. */
  write(file: FileNode, offset: number, bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const copy = ownedCopy(bytes);
    this.#pushData(file, { kind: 'write', seq: this.#nextSeq++, step: this.step, file, offset, bytes: copy, sizeBefore: file.data.size });
    file.pendingBytes += copy.length;
    file.data.writeKept(offset, copy);
  }

  truncate(file: FileNode, size: number): void {
    // Linux changes nothing for a same-size truncate, so no crash state may differ because of it.
    if (size === file.data.size) return;
    this.#pushData(file, { kind: 'truncate', seq: this.#nextSeq++, step: this.step, file, size, sizeBefore: file.data.size });
    file.data.truncate(size);
  }

  /**
   * Under ext4-ordered, name operations with a smaller seq are durable: an fsync committed the
   * journal transaction holding them.
   */
  get journalCommitSeq(): number {
    return this.#journalCommitSeq;
  }

  flushedBeforeSeq(file: FileNode): number {
    return file.flushedBeforeSeq;
  }

  /**
   * fsync (or fdatasync) of a file: its data and size become durable; its names do not (POSIX).
   * On ext4 the call also commits the running journal transaction when the file changed in it,
   * which makes every earlier name operation durable under ext4-ordered.
   */
  syncFile(file: FileNode, call: 'sync' | 'datasync', sectorSizeBytes: number): void {
    if (this.#changedInRunningTransaction(file, call)) this.#journalCommitSeq = this.#nextSeq;
    if (file.pending.length === 0) return;
    if (file.clean !== null) {
      this.#writeDirtySectors(file, sectorSizeBytes);
    } else if (file.pendingBytes > file.data.size) {
      // Replaying the pending operations costs what was written since the last sync; copying
      // costs the file's size (both give the same bytes). Appends synced one by one (a log) must
      // not cost the whole file each time.
      file.durable = file.data.clone();
    } else {
      // A write's bytes are the private copy made when it was written, which nothing changes:
      // the durable contents may share them (copy-on-write) rather than copy them again.
      for (const op of file.pending) {
        if (op.kind === 'write') file.durable.writeKept(op.offset, op.bytes);
        else applyDataOp(op, file.durable);
      }
    }
    file.pending = [];
    file.pendingBytes = 0;
    this.#dirtyFiles.delete(file);
  }

  /**
   * ext4 commits on fsync when the inode changed in the running transaction (ext4_sync_file waits
   * for the inode's last transaction); fdatasync only when its size did.
   */
  #changedInRunningTransaction(file: FileNode, call: 'sync' | 'datasync'): boolean {
    const since = this.#journalCommitSeq;
    for (let i = file.pending.length - 1; i >= 0; i--) {
      const op = file.pending[i] as DataOp;
      if (op.seq < since) break;
      if (call === 'sync' || op.kind === 'truncate' || writeExtends(op)) return true;
    }
    return call === 'sync' && this.#pendingNames.some((op) => op.node === file && op.seq >= since);
  }

  /**
   * A sync after a failed one: the sectors the pending operations dirtied are written whole, as
   * the page cache holds them now (clean bytes of a failed fsync in those sectors go with them);
   * other sectors stay as they were on the disk.
   */
  #writeDirtySectors(file: FileNode, sectorSizeBytes: number): void {
    const data = file.data;
    const durable = file.durable;
    durable.truncate(data.size);
    for (const op of file.pending) {
      const [from, to] = op.kind === 'write' ? [op.offset, op.offset + op.bytes.length] : [Math.min(op.size, op.sizeBefore), Math.max(op.size, op.sizeBefore)];
      const sectorFrom = Math.floor(from / sectorSizeBytes) * sectorSizeBytes;
      const sectorTo = Math.min(Math.ceil(to / sectorSizeBytes) * sectorSizeBytes, data.size);
      if (sectorTo > sectorFrom) durable.write(sectorFrom, data.view().subarray(sectorFrom, sectorTo));
    }
    file.clean = data.clone();
  }

  /**
   * A failed fsync, as Linux does it ("fsyncgate"): the dirty pages are marked clean without being
   * written, so the file's pending data operations are forgotten while reads keep seeing them. The
   * durable data stays what it was: a power loss brings it back, and a later sync writes only what
   * is dirtied again. The clean pages are remembered (`clean`): a later write to one of their
   * sectors carries them to the disk, and a process crash keeps them. Returns how many operations
   * were dropped.
   */
  dropPendingData(file: FileNode): number {
    const dropped = file.pending.length;
    file.clean = file.data.clone();
    file.pending = [];
    file.pendingBytes = 0;
    this.#dirtyFiles.delete(file);
    return dropped;
  }

  /** Bytes of visible data in the files reachable from the root (each inode once): what `df` would count. */
  visibleFileBytes(): number {
    const seen = new Set<Inode>();
    const stack: DirNode[] = [this.root];
    let total = 0;
    while (stack.length > 0) {
      const dir = stack.pop() as DirNode;
      for (const child of dir.entries.values()) {
        if (seen.has(child)) continue;
        seen.add(child);
        if (child.kind === 'dir') stack.push(child);
        else total += child.data.size;
      }
    }
    return total;
  }

  /**
   * fsync of a directory: every pending name operation touching it becomes durable (a rename as a
   * whole, in both directories), together with every EARLIER pending operation on the same entry
   * (directory, name): applying a later operation on an entry before an earlier one would leave
   * a state no filesystem can produce (an old name resurrected over a newer one). On ext4 it
   * also commits the running journal transaction when the directory changed in it.
   */
  syncDir(dir: DirNode): void {
    const pending = this.#pendingNames;
    const since = this.#journalCommitSeq;
    if (pending.some((op) => op.seq >= since && touchesDir(op, dir))) this.#journalCommitSeq = this.#nextSeq;
    const persist = new Array<boolean>(pending.length).fill(false);
    const slots = new Set<string>();
    let persistedCount = 0;
    for (let i = pending.length - 1; i >= 0; i--) {
      const op = pending[i] as NameOp;
      const opSlots = slotsOf(op);
      if (!touchesDir(op, dir) && !opSlots.some((slot) => slots.has(slot))) continue;
      persist[i] = true;
      persistedCount++;
      for (const slot of opSlots) slots.add(slot);
    }
    if (persistedCount === 0) return;
    const remaining: NameOp[] = [];
    pending.forEach((op, i) => {
      if (persist[i] !== true) {
        remaining.push(op);
        return;
      }
      applyNameOp(op, (d) => d.durableForWrite());
      if (op.kind === 'rename' && op.replacesFile && op.node.kind === 'file') op.node.flushedBeforeSeq = op.seq;
    });
    this.#pendingNames = remaining;
  }

  /** Name operations not yet durable, in seq order. */
  pendingNameOps(): readonly NameOp[] {
    return this.#pendingNames;
  }

  /**
   * Every pending operation that can matter to a crash, in seq order. Data operations of files no
   * crash state can reach (their names are durably gone and no pending operation names them) are
   * left out: they would only multiply the states to explore by duplicates.
   */
  pendingOps(): PendingOp[] {
    return this.#pendingOpsWithin(this.#possiblyReachable());
  }

  /** The durable state, as crash states are built from it (see DurableView). */
  readonly durableView: DurableView;

  /** What a crash now could leave, remembered for building later (see CrashPoint). */
  crashPoint(): CrashPoint {
    const reachable = this.#possiblyReachable();
    return new CrashPoint(this.root, this.#pendingOpsWithin(reachable), reachable, this.#journalCommitSeq);
  }

  #pendingOpsWithin(reachable: ReadonlySet<Inode>): PendingOp[] {
    const ops: PendingOp[] = [...this.#pendingNames];
    for (const file of this.#dirtyFiles) {
      if (reachable.has(file)) ops.push(...file.pending);
    }
    return ops.sort((a, b) => a.seq - b.seq);
  }

  /** Every pending operation, unfiltered, in seq order (for listings). */
  allPendingOps(): PendingOp[] {
    const ops: PendingOp[] = [...this.#pendingNames];
    for (const file of this.#dirtyFiles) ops.push(...file.pending);
    return ops.sort((a, b) => a.seq - b.seq);
  }

  get hasPending(): boolean {
    return this.#pendingNames.length > 0 || this.#dirtyFiles.size > 0;
  }

  #pushData(file: FileNode, op: DataOp): void {
    file.pending.push(op);
    this.#dirtyFiles.add(file);
  }

  /** Inodes the durable tree names (what a crash that keeps no pending name operation can reach). */
  durablyNamed(): Set<Inode> {
    return durableClosure([this.root], this.durableView);
  }

  /** Inodes in the durable tree or named by a pending operation, with their durable subtrees. */
  #possiblyReachable(): Set<Inode> {
    const starts: Inode[] = [this.root];
    for (const op of this.#pendingNames) if (op.kind !== 'unlink' && op.kind !== 'rmdir') starts.push(op.node);
    return durableClosure(starts, this.durableView);
  }
}
