import { createRequire } from 'node:module';
import type { Volume } from 'memfs';
import { fsError } from './errors.js';
import { openFlagSemantics } from './open-flags.js';
import type { OpenAccess } from './open-flags.js';
import { dirname, isWithin, splitAbsolutePath } from './path.js';
import type { FileHandle, FileStats, FileSystem, MkdirOptions, OpenFlags, ReadResult, WriteFileOptions, WriteResult } from './types.js';

/**
 * An in-memory filesystem over a memfs `Volume`: fast and fault-free, for unit tests of stores
 * and as the reference side of differential tests. It has no notion of durability (a crash
 * cannot be simulated on it); use SimFs for that.
 *
 * Every call runs on memfs's synchronous API inside one microtask, so each call is atomic with
 * respect to the others, as the contract requires. memfs is looser than Linux in several places
 * (it renames a directory into its own subdirectory, replaces a directory by a file, links
 * directories, ignores the access mode of a descriptor...); the checks below restore Linux's
 * answers so that MemFs can serve as the reference in differential tests. The conformance suite
 * (test/conformance) pins each of them against the real disk.
 */

type Kind = 'file' | 'directory' | 'missing' | 'notdir';

interface MemfsStats {
  size: number | bigint;
  nlink: number | bigint;
  isFile(): boolean;
  isDirectory(): boolean;
}

function toStats(stats: MemfsStats): FileStats {
  const size = Number(stats.size);
  const nlink = Number(stats.nlink);
  const file = stats.isFile();
  const directory = stats.isDirectory();
  return { size, nlink, isFile: () => file, isDirectory: () => directory };
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

class MemFsHandle implements FileHandle {
  readonly #volume: Volume;
  readonly #access: OpenAccess;
  readonly #directory: boolean;
  /** The memfs descriptor; undefined once closed. */
  #fd: number | undefined;
  /**
   * The file offset, kept here rather than in memfs, which moves it on positional writes to an
   * append handle where Linux leaves it alone.
   */
  #position = 0;

  constructor(volume: Volume, fd: number, access: OpenAccess, directory: boolean) {
    this.#volume = volume;
    this.#fd = fd;
    this.#access = directory ? { readable: true, writable: false, append: false } : access;
    this.#directory = directory;
  }

  /** The descriptor, or EBADF (with the syscall Node names) when the handle is closed. */
  #open(syscall: string): number {
    if (this.#fd === undefined) throw fsError('EBADF', syscall);
    return this.#fd;
  }

  async read(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<ReadResult> {
    const fd = this.#open('read');
    // Node answers a zero-length read without asking the kernel, so even a directory reads 0 bytes.
    if (length === 0) return { bytesRead: 0, buffer };
    if (this.#directory) throw fsError('EISDIR', 'read');
    if (!this.#access.readable) throw fsError('EBADF', 'read');
    const bytesRead = this.#volume.readSync(fd, buffer, offset, length, position ?? this.#position);
    if (position === null) this.#position += bytesRead;
    return { bytesRead, buffer };
  }

  async write(buffer: Uint8Array, offset = 0, length?: number, position: number | null = null): Promise<WriteResult> {
    const fd = this.#open('write');
    const size = length ?? buffer.byteLength - offset;
    // Node answers a zero-length write without asking the kernel, even on a read-only handle.
    if (size === 0) return { bytesWritten: 0, buffer };
    if (!this.#access.writable) throw fsError('EBADF', 'write');
    // Linux appends whatever the position (pwrite on O_APPEND), and moves the offset only for a
    // write at the current offset.
    const at = this.#access.append ? Number(this.#volume.fstatSync(fd).size) : (position ?? this.#position);
    const bytesWritten = this.#volume.writeSync(fd, buffer, offset, size, at);
    if (position === null) this.#position = at + bytesWritten;
    return { bytesWritten, buffer };
  }

  async truncate(len = 0): Promise<void> {
    const fd = this.#open('ftruncate');
    // Linux's ftruncate on a descriptor not open for writing is EINVAL, not EBADF.
    if (!this.#access.writable) throw fsError('EINVAL', 'ftruncate');
    // Node clamps a negative length to 0 rather than failing; so do we.
    this.#volume.ftruncateSync(fd, Math.max(0, len));
  }

  async sync(): Promise<void> {
    this.#volume.fsyncSync(this.#open('fsync'));
  }

  async datasync(): Promise<void> {
    this.#volume.fdatasyncSync(this.#open('fdatasync'));
  }

  async stat(): Promise<FileStats> {
    return toStats(this.#volume.fstatSync(this.#open('fstat')));
  }

  async close(): Promise<void> {
    // Node resolves a second close instead of failing, so a double close is not an error here.
    if (this.#fd === undefined) return;
    const fd = this.#fd;
    this.#fd = undefined;
    this.#volume.closeSync(fd);
  }
}

class MemFs implements FileSystem {
  readonly #volume: Volume;

  constructor(volume: Volume) {
    this.#volume = volume;
  }

  /** What `path` names now, without following a final symlink (memfs has none here anyway). */
  #kind(path: string): Kind {
    try {
      return this.#volume.lstatSync(path).isDirectory() ? 'directory' : 'file';
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT') return 'missing';
      if (code === 'ENOTDIR') return 'notdir';
      throw error;
    }
  }

  #inode(path: string): number {
    return Number(this.#volume.lstatSync(path).ino);
  }

  async open(path: string, flags: OpenFlags = 'r'): Promise<FileHandle> {
    splitAbsolutePath(path, 'open');
    const access = openFlagSemantics(flags);
    if (access === undefined) throw fsError('EINVAL', 'open', path);
    const fd = this.#volume.openSync(path, flags);
    const directory = this.#volume.fstatSync(fd).isDirectory();
    return new MemFsHandle(this.#volume, fd, access, directory);
  }

  async rename(oldPath: string, newPath: string): Promise<void> {
    splitAbsolutePath(oldPath, 'rename');
    splitAbsolutePath(newPath, 'rename');
    // Linux's order: both parents, the source, the ancestry traps, then the kinds of both names.
    const failure = (code: 'ENOENT' | 'ENOTDIR' | 'EISDIR' | 'EINVAL' | 'ENOTEMPTY'): Error => fsError(code, 'rename', oldPath, newPath);
    for (const path of [oldPath, newPath]) {
      const parentKind = this.#kind(dirname(path));
      if (parentKind === 'missing') throw failure('ENOENT');
      if (parentKind !== 'directory') throw failure('ENOTDIR');
    }
    const oldKind = this.#kind(oldPath);
    if (oldKind !== 'file' && oldKind !== 'directory') throw failure('ENOENT');
    if (oldPath !== newPath && isWithin(oldPath, newPath)) throw failure('EINVAL');
    const newKind = this.#kind(newPath);
    // The destination is an ancestor of the source, hence not empty.
    if (oldPath !== newPath && newKind === 'directory' && isWithin(newPath, oldPath)) throw failure('ENOTEMPTY');
    // POSIX: two names of one inode (or one name twice) make rename a successful no-op.
    if (newKind !== 'missing' && this.#inode(oldPath) === this.#inode(newPath)) return undefined;
    if (oldKind === 'directory' && newKind === 'file') throw failure('ENOTDIR');
    if (oldKind === 'file' && newKind === 'directory') throw failure('EISDIR');
    if (newKind === 'directory') {
      // memfs would replace a non-empty directory; Linux replaces only an empty one.
      if (this.#volume.readdirSync(newPath).length > 0) throw failure('ENOTEMPTY');
      this.#volume.rmdirSync(newPath);
    }
    return this.#volume.renameSync(oldPath, newPath);
  }

  async link(existingPath: string, newPath: string): Promise<void> {
    splitAbsolutePath(existingPath, 'link');
    splitAbsolutePath(newPath, 'link');
    // memfs links under a file and links directories; Linux checks, in this order: the source,
    // the new name's parent, the new name, and only then refuses a directory.
    const failure = (code: 'ENOENT' | 'ENOTDIR' | 'EEXIST' | 'EPERM'): Error => fsError(code, 'link', existingPath, newPath);
    const existingKind = this.#kind(existingPath);
    if (existingKind === 'missing') throw failure('ENOENT');
    if (existingKind === 'notdir') throw failure('ENOTDIR');
    const parentKind = this.#kind(dirname(newPath));
    if (parentKind === 'missing') throw failure('ENOENT');
    if (parentKind !== 'directory') throw failure('ENOTDIR');
    if (this.#kind(newPath) !== 'missing') throw failure('EEXIST');
    if (existingKind === 'directory') throw failure('EPERM');
    this.#volume.linkSync(existingPath, newPath);
  }

  async unlink(path: string): Promise<void> {
    splitAbsolutePath(path, 'unlink');
    // Linux answers EISDIR (POSIX allows EPERM, which memfs uses).
    if (this.#kind(path) === 'directory') throw fsError('EISDIR', 'unlink', path);
    this.#volume.unlinkSync(path);
  }

  async mkdir(path: string, options?: MkdirOptions): Promise<string | undefined> {
    const parts = splitAbsolutePath(path, 'mkdir');
    if (options?.recursive === true) return this.#mkdirRecursive(path, parts);
    try {
      this.#volume.mkdirSync(path);
    } catch (error) {
      // memfs names the missing parent; Node names the directory that was asked for.
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') throw fsError(code, 'mkdir', path);
      throw error;
    }
    return undefined;
  }

  /** Node's recursive mkdir: EEXIST if a file holds the name, ENOTDIR if one is on the way. */
  #mkdirRecursive(path: string, parts: readonly string[]): string | undefined {
    let first: string | undefined;
    for (let depth = 1; depth <= parts.length; depth += 1) {
      const prefix = `/${parts.slice(0, depth).join('/')}`;
      const kind = first === undefined ? this.#kind(prefix) : 'missing';
      if (kind === 'directory') continue;
      if (kind === 'file') throw fsError(depth === parts.length ? 'EEXIST' : 'ENOTDIR', 'mkdir', path);
      if (kind === 'notdir') throw fsError('ENOTDIR', 'mkdir', path);
      this.#volume.mkdirSync(prefix);
      first ??= prefix;
    }
    return first;
  }

  async rmdir(path: string): Promise<void> {
    splitAbsolutePath(path, 'rmdir');
    this.#volume.rmdirSync(path);
  }

  async readdir(path: string): Promise<string[]> {
    splitAbsolutePath(path, 'scandir');
    return this.#volume.readdirSync(path).map((name) => String(name));
  }

  async stat(path: string): Promise<FileStats> {
    splitAbsolutePath(path, 'stat');
    return toStats(this.#volume.statSync(path));
  }

  async readFile(path: string): Promise<Uint8Array> {
    splitAbsolutePath(path, 'open');
    const data = this.#volume.readFileSync(path);
    return typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }

  async writeFile(path: string, data: Uint8Array | string, options?: WriteFileOptions): Promise<void> {
    splitAbsolutePath(path, 'open');
    this.#volume.writeFileSync(path, data, { flag: options?.flag ?? 'w' });
  }
}

/** A fresh, empty in-memory filesystem (only `/` exists). */
export function createMemFs(): FileSystem {
  return new MemFs(new (loadMemfs().Volume)());
}

let memfsModule: typeof import('memfs') | undefined;
/**
 * memfs is loaded on the first createMemFs, not with this module: it costs more start-up time than
 * the rest of the stores together, and most users of the package (the CLI, scenarios on SimFs)
 * never make a MemFs.
 */
function loadMemfs(): typeof import('memfs') {
  memfsModule ??= createRequire(import.meta.url)('memfs') as typeof import('memfs');
  return memfsModule;
}
