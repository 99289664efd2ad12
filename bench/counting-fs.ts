import type { FileHandle, FileStats, FileSystem, MkdirOptions, OpenFlags, ReadResult, WriteFileOptions, WriteResult } from '../src/fs/types.js';

/**
 * A FileSystem wrapper that counts what a store asks of the disk: syncs (file or directory),
 * datasyncs, bytes written and calls. Deterministic: the same workload on the same simulated disk
 * gives the same counts, so these figures are exact, not measured.
 */

export interface IoCounts {
  /** `handle.sync()` on a file. */
  fileSyncs: number;
  /** `handle.datasync()` on a file. */
  fileDatasyncs: number;
  /** `handle.sync()` or `datasync()` on a directory (making names durable). */
  dirSyncs: number;
  /** Bytes passed to `handle.write` and `writeFile`. */
  bytesWritten: number;
  /** Every contract and handle call. */
  calls: number;
  /** Directories synced, by path, with how many times. */
  readonly dirSyncsByPath: Map<string, number>;
}

export function emptyCounts(): IoCounts {
  return { fileSyncs: 0, fileDatasyncs: 0, dirSyncs: 0, bytesWritten: 0, calls: 0, dirSyncsByPath: new Map() };
}

/** Total syncs of any kind: what costs a disk flush. */
export function syncsOf(counts: IoCounts): number {
  return counts.fileSyncs + counts.fileDatasyncs + counts.dirSyncs;
}

const encoder = new TextEncoder();

class CountingHandle implements FileHandle {
  readonly #inner: FileHandle;
  readonly #fs: CountingFs;
  readonly #path: string;
  readonly #isDirectory: boolean;

  constructor(inner: FileHandle, fs: CountingFs, path: string, isDirectory: boolean) {
    this.#inner = inner;
    this.#fs = fs;
    this.#path = path;
    this.#isDirectory = isDirectory;
  }

  read(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<ReadResult> {
    this.#fs.counts.calls++;
    return this.#inner.read(buffer, offset, length, position);
  }

  write(buffer: Uint8Array, offset?: number, length?: number, position?: number | null): Promise<WriteResult> {
    const counts = this.#fs.counts;
    counts.calls++;
    counts.bytesWritten += length ?? buffer.length - (offset ?? 0);
    return this.#inner.write(buffer, offset, length, position);
  }

  truncate(len?: number): Promise<void> {
    this.#fs.counts.calls++;
    return this.#inner.truncate(len);
  }

  sync(): Promise<void> {
    this.#count('sync');
    return this.#inner.sync();
  }

  datasync(): Promise<void> {
    this.#count('datasync');
    return this.#inner.datasync();
  }

  stat(): Promise<FileStats> {
    this.#fs.counts.calls++;
    return this.#inner.stat();
  }

  close(): Promise<void> {
    this.#fs.counts.calls++;
    return this.#inner.close();
  }

  #count(kind: 'sync' | 'datasync'): void {
    const counts = this.#fs.counts;
    counts.calls++;
    if (this.#isDirectory) {
      counts.dirSyncs++;
      counts.dirSyncsByPath.set(this.#path, (counts.dirSyncsByPath.get(this.#path) ?? 0) + 1);
    } else if (kind === 'sync') {
      counts.fileSyncs++;
    } else {
      counts.fileDatasyncs++;
    }
  }
}

/**
 * Which handles are directories is decided without asking the disk: an extra call (or even an
 * extra await) would shift how concurrent callers interleave and so change the very counts being
 * measured. A handle opened with 'r' on a path never created or written through this wrapper is
 * taken for a directory: only directories can be opened 'r' to be synced in the stores measured.
 */
export class CountingFs implements FileSystem {
  readonly #inner: FileSystem;
  /** Paths this wrapper saw created or written as files. */
  readonly #knownFiles = new Set<string>();
  counts: IoCounts = emptyCounts();

  constructor(inner: FileSystem) {
    this.#inner = inner;
  }

  /** Returns the counts so far and starts new ones. */
  take(): IoCounts {
    const taken = this.counts;
    this.counts = emptyCounts();
    return taken;
  }

  async open(path: string, flags: OpenFlags = 'r'): Promise<FileHandle> {
    this.counts.calls++;
    const handle = await this.#inner.open(path, flags);
    if (flags !== 'r') this.#knownFiles.add(path);
    return new CountingHandle(handle, this, path, flags === 'r' && !this.#knownFiles.has(path));
  }

  rename(oldPath: string, newPath: string): Promise<void> {
    this.counts.calls++;
    // Recorded before the call even if it then fails: a wrong guess only matters for a later
    // sync through an 'r' handle on that exact path, which the stores measured never do.
    if (this.#knownFiles.has(oldPath)) this.#knownFiles.add(newPath);
    return this.#inner.rename(oldPath, newPath);
  }

  link(existingPath: string, newPath: string): Promise<void> {
    this.counts.calls++;
    this.#knownFiles.add(newPath);
    return this.#inner.link(existingPath, newPath);
  }

  unlink(path: string): Promise<void> {
    this.counts.calls++;
    return this.#inner.unlink(path);
  }

  mkdir(path: string, options?: MkdirOptions): Promise<string | undefined> {
    this.counts.calls++;
    return this.#inner.mkdir(path, options);
  }

  rmdir(path: string): Promise<void> {
    this.counts.calls++;
    return this.#inner.rmdir(path);
  }

  readdir(path: string): Promise<string[]> {
    this.counts.calls++;
    return this.#inner.readdir(path);
  }

  stat(path: string): Promise<FileStats> {
    this.counts.calls++;
    return this.#inner.stat(path);
  }

  readFile(path: string): Promise<Uint8Array> {
    this.counts.calls++;
    return this.#inner.readFile(path);
  }

  writeFile(path: string, data: Uint8Array | string, options?: WriteFileOptions): Promise<void> {
    this.counts.calls++;
    this.counts.bytesWritten += typeof data === 'string' ? encoder.encode(data).length : data.length;
    this.#knownFiles.add(path);
    return this.#inner.writeFile(path, data, options);
  }
}
