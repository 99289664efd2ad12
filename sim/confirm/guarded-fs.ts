import { isWithin } from '../../src/fs/path.js';
import type { FileHandle, FileStats, FileSystem, MkdirOptions, OpenFlags, WriteFileOptions } from '../../src/fs/types.js';

/**
 * The fence around real-disk confirmation: a FileSystem that forwards to the real disk only the
 * calls whose paths lie inside one directory (the confirmation's temp directory), and throws on
 * anything else before the call reaches the kernel. The code under test is arbitrary (`--impl`),
 * so "nothing outside the temp directory is touched" has to be enforced, not hoped for.
 *
 * The check is lexical (`..` resolved, no symlinks followed): nothing in a fresh temp directory
 * is a symlink, and the contract has no call that makes one.
 */

export class OutsideTempDirError extends Error {
  override readonly name = 'OutsideTempDirError';
  /** Deliberately not a filesystem error code: a store must not mistake it for ENOENT and carry on. */
  readonly code = 'ECONFIRM_OUTSIDE';

  constructor(call: string, path: string, allowedDir: string) {
    super(`${call} ${JSON.stringify(path)} refused: real-disk confirmation only lets the system touch paths inside ${allowedDir}`);
  }
}

export class GuardedFs implements FileSystem {
  readonly #inner: FileSystem;
  readonly #allowedDir: string;
  readonly #breaches: string[] = [];

  constructor(inner: FileSystem, allowedDir: string) {
    if (!allowedDir.startsWith('/') || allowedDir === '/') {
      throw new RangeError(`GuardedFs: the allowed directory must be an absolute path other than /, got ${JSON.stringify(allowedDir)}`);
    }
    this.#inner = inner;
    this.#allowedDir = allowedDir;
  }

  /** Every refused call, one line each (`rename "/etc/x"`), in order. */
  get breaches(): readonly string[] {
    return this.#breaches;
  }

  #admit(call: string, path: string): void {
    if (typeof path === 'string' && path.startsWith('/') && !path.includes('\0') && isWithin(this.#allowedDir, path)) return;
    this.#breaches.push(`${call} ${JSON.stringify(path)}`);
    throw new OutsideTempDirError(call, String(path), this.#allowedDir);
  }

  // Each method checks synchronously and returns the inner promise, so a refused call rejects
  // without ever reaching the real disk.
  async open(path: string, flags?: OpenFlags): Promise<FileHandle> {
    this.#admit('open', path);
    return this.#inner.open(path, flags);
  }

  async rename(oldPath: string, newPath: string): Promise<void> {
    this.#admit('rename', oldPath);
    this.#admit('rename', newPath);
    return this.#inner.rename(oldPath, newPath);
  }

  async link(existingPath: string, newPath: string): Promise<void> {
    this.#admit('link', existingPath);
    this.#admit('link', newPath);
    return this.#inner.link(existingPath, newPath);
  }

  async unlink(path: string): Promise<void> {
    this.#admit('unlink', path);
    return this.#inner.unlink(path);
  }

  async mkdir(path: string, options?: MkdirOptions): Promise<string | undefined> {
    this.#admit('mkdir', path);
    return this.#inner.mkdir(path, options);
  }

  async rmdir(path: string): Promise<void> {
    this.#admit('rmdir', path);
    return this.#inner.rmdir(path);
  }

  async readdir(path: string): Promise<string[]> {
    this.#admit('readdir', path);
    return this.#inner.readdir(path);
  }

  async stat(path: string): Promise<FileStats> {
    this.#admit('stat', path);
    return this.#inner.stat(path);
  }

  async readFile(path: string): Promise<Uint8Array> {
    this.#admit('readFile', path);
    return this.#inner.readFile(path);
  }

  async writeFile(path: string, data: Uint8Array | string, options?: WriteFileOptions): Promise<void> {
    this.#admit('writeFile', path);
    return this.#inner.writeFile(path, data, options);
  }
}
