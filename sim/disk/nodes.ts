import { ByteBuffer } from './bytes.js';

/**
 * Inodes and the operations that are pending on them (DESIGN.md section 3).
 *
 * A file inode keeps what reads see (`data`), what is durable (`durable`) and the data operations
 * since its last sync. A directory keeps its visible `entries` and its `durable` entries; the name
 * operations that separate the two live in one global, seq-ordered list (see DiskState), because a
 * rename spans two directories and ext4's journal orders all of them.
 */

export class FileNode {
  readonly kind = 'file' as const;
  readonly ino: number;
  /** What reads see now. */
  data: ByteBuffer;
  /** What a crash keeps at least. */
  durable: ByteBuffer;
  /** Data operations since the last sync, in seq order. */
  pending: DataOp[] = [];
  /** Bytes held by `pending` writes: decides whether a sync replays them or copies `data`. */
  pendingBytes = 0;
  /**
   * What the page cache held when an fsync last failed or, after one did, when a sync last
   * succeeded: pages marked clean but never written, which later writes to the same sectors carry
   * to the disk and which a process crash keeps. Null while no fsync of the file has failed
   * (the cache then equals `durable` plus `pending`). Replaced, never changed in place.
   */
  clean: ByteBuffer | null = null;
  /**
   * ext4 (auto_da_alloc): a rename of this file over another flushed its data first; once that
   * rename is durable, its data operations with a smaller seq are too. -1: none.
   */
  flushedBeforeSeq = -1;
  /** Visible names of this inode (nlink). */
  links = 0;

  constructor(ino: number, data?: ByteBuffer, durable?: ByteBuffer) {
    this.ino = ino;
    this.data = data ?? new ByteBuffer();
    this.durable = durable ?? new ByteBuffer();
  }
}

export class DirNode {
  readonly kind = 'dir' as const;
  readonly ino: number;
  /** What lookups and readdir see now. */
  readonly entries = new Map<string, Inode>();
  /**
   * What a crash keeps at least (before pending name operations are applied). Read it freely;
   * change it only through `durableForWrite()`, since a CrashPoint may hold this very map.
   */
  get durable(): ReadonlyMap<string, Inode> {
    return this.#durable;
  }

  #durable = new Map<string, Inode>();
  /** `#durable` is held by a crash point: copy before changing it. */
  #durableShared = false;

  constructor(ino: number) {
    this.ino = ino;
  }

  /** The durable entries, to change: copied first if a crash point holds them. */
  durableForWrite(): Map<string, Inode> {
    if (this.#durableShared) {
      this.#durable = new Map(this.#durable);
      this.#durableShared = false;
    }
    return this.#durable;
  }

  /** The durable entries as they are now, for a crash point: later changes leave them untouched. */
  shareDurable(): ReadonlyMap<string, Inode> {
    this.#durableShared = true;
    return this.#durable;
  }
}

export type Inode = FileNode | DirNode;

/** `dir[name] = node`. */
export interface AddNameOp {
  readonly kind: 'create' | 'link' | 'mkdir';
  readonly seq: number;
  /** The trace step of the call that made it (what timelines and listings show). */
  readonly step: number;
  readonly dir: DirNode;
  readonly name: string;
  readonly node: Inode;
}

/** Delete `dir[name]` if it still names `node` (a later operation may have reused the name). */
export interface RemoveNameOp {
  readonly kind: 'unlink' | 'rmdir';
  readonly seq: number;
  /** The trace step of the call that made it (what timelines and listings show). */
  readonly step: number;
  readonly dir: DirNode;
  readonly name: string;
  readonly node: Inode;
}

/** One atomic operation over two directories: remove `dir[name]` if it names `node`, set `toDir[toName]`. */
export interface RenameOp {
  readonly kind: 'rename';
  readonly seq: number;
  /** The trace step of the call that made it (what timelines and listings show). */
  readonly step: number;
  readonly dir: DirNode;
  readonly name: string;
  readonly toDir: DirNode;
  readonly toName: string;
  readonly node: Inode;
  /** The rename replaced an existing file (ext4's auto_da_alloc flushes the moved file's data first). */
  readonly replacesFile: boolean;
}

export type NameOp = AddNameOp | RemoveNameOp | RenameOp;

export interface WriteOp {
  readonly kind: 'write';
  readonly seq: number;
  /** The trace step of the call that made it (what timelines and listings show). */
  readonly step: number;
  readonly file: FileNode;
  readonly offset: number;
  /** A private copy of the bytes written. */
  readonly bytes: Uint8Array;
  /** Visible size just before the write; the write extended the file when its end is beyond it. */
  readonly sizeBefore: number;
}

export interface TruncateOp {
  readonly kind: 'truncate';
  readonly seq: number;
  /** The trace step of the call that made it (what timelines and listings show). */
  readonly step: number;
  readonly file: FileNode;
  readonly size: number;
  readonly sizeBefore: number;
}

export type DataOp = WriteOp | TruncateOp;

export type PendingOp = NameOp | DataOp;

export function isNameOp(op: PendingOp): op is NameOp {
  return op.kind !== 'write' && op.kind !== 'truncate';
}

export function writeExtends(op: WriteOp): boolean {
  return op.offset + op.bytes.length > op.sizeBefore;
}

/** Applies a name operation to whatever entry maps `entriesOf` hands out (durable or a crash image's). */
export function applyNameOp(op: NameOp, entriesOf: (dir: DirNode) => Map<string, Inode>): void {
  switch (op.kind) {
    case 'create':
    case 'link':
    case 'mkdir':
      entriesOf(op.dir).set(op.name, op.node);
      return;
    case 'unlink':
    case 'rmdir': {
      const entries = entriesOf(op.dir);
      if (entries.get(op.name) === op.node) entries.delete(op.name);
      return;
    }
    case 'rename': {
      const from = entriesOf(op.dir);
      if (from.get(op.name) === op.node) from.delete(op.name);
      entriesOf(op.toDir).set(op.toName, op.node);
      return;
    }
  }
}

/** Applies a whole (kept) data operation to a version of a file. */
export function applyDataOp(op: DataOp, target: ByteBuffer): void {
  if (op.kind === 'write') target.write(op.offset, op.bytes);
  else target.truncate(op.size);
}

/** The directory entries (`ino/name`) an operation reads or writes: ops sharing one must stay ordered. */
export function slotsOf(op: NameOp): string[] {
  const from = `${op.dir.ino}/${op.name}`;
  return op.kind === 'rename' ? [from, `${op.toDir.ino}/${op.toName}`] : [from];
}

export function touchesDir(op: NameOp, dir: DirNode): boolean {
  return op.dir === dir || (op.kind === 'rename' && op.toDir === dir);
}
