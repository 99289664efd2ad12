import { Volume } from 'memfs';
import type { FileHandle, FileStats, FileSystem, MkdirOptions, OpenFlags, ReadResult, WriteFileOptions, WriteResult } from './types.js';

/**
 * An in-memory filesystem over a memfs `Volume`: fast and fault-free, for unit tests of stores
 * and as the reference side of differential tests. It has no notion of durability (a crash
 * cannot be simulated on it); use SimFs for that.
 *
 * memfs's promise API already behaves like Node's; this adapter only narrows its wider, looser
 * types to the contract (its handle type omits `sync` although the class has it).
 */

type MemfsPromises = Volume['promises'];
type MemfsHandle = Awaited<ReturnType<MemfsPromises['open']>>;

/** memfs handles carry `sync` at run time; its published interface forgets to declare it. */
interface SyncableHandle {
  sync(): Promise<void>;
}

class MemFsHandle implements FileHandle {
  readonly #handle: MemfsHandle;

  constructor(handle: MemfsHandle) {
    this.#handle = handle;
  }

  async read(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<ReadResult> {
    const { bytesRead } = await this.#handle.read(buffer, offset, length, position);
    return { bytesRead, buffer };
  }

  async write(buffer: Uint8Array, offset?: number, length?: number, position?: number | null): Promise<WriteResult> {
    const { bytesWritten } = await this.#handle.write(buffer, offset, length, position);
    return { bytesWritten, buffer };
  }

  truncate(len?: number): Promise<void> {
    return this.#handle.truncate(len);
  }

  sync(): Promise<void> {
    return (this.#handle as unknown as SyncableHandle).sync();
  }

  datasync(): Promise<void> {
    return this.#handle.datasync();
  }

  async stat(): Promise<FileStats> {
    return toStats(await this.#handle.stat());
  }

  close(): Promise<void> {
    return this.#handle.close();
  }
}

interface MemfsStats {
  size: number | bigint;
  nlink: number | bigint;
  isFile(): boolean;
  isDirectory(): boolean;
}

function toStats(stats: MemfsStats): FileStats {
  return {
    size: Number(stats.size),
    nlink: Number(stats.nlink),
    isFile: () => stats.isFile(),
    isDirectory: () => stats.isDirectory(),
  };
}

class MemFs implements FileSystem {
  readonly #fs: MemfsPromises;

  constructor(volume: Volume) {
    this.#fs = volume.promises;
  }

  async open(path: string, flags: OpenFlags = 'r'): Promise<FileHandle> {
    return new MemFsHandle(await this.#fs.open(path, flags));
  }

  rename(oldPath: string, newPath: string): Promise<void> {
    return this.#fs.rename(oldPath, newPath);
  }

  link(existingPath: string, newPath: string): Promise<void> {
    return this.#fs.link(existingPath, newPath);
  }

  unlink(path: string): Promise<void> {
    return this.#fs.unlink(path);
  }

  async mkdir(path: string, options?: MkdirOptions): Promise<string | undefined> {
    const created = await this.#fs.mkdir(path, { recursive: options?.recursive ?? false });
    return typeof created === 'string' ? created : undefined;
  }

  rmdir(path: string): Promise<void> {
    return this.#fs.rmdir(path);
  }

  async readdir(path: string): Promise<string[]> {
    const names = await this.#fs.readdir(path);
    return names.map((name) => String(name));
  }

  async stat(path: string): Promise<FileStats> {
    return toStats(await this.#fs.stat(path));
  }

  async readFile(path: string): Promise<Uint8Array> {
    const data = await this.#fs.readFile(path);
    return typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }

  writeFile(path: string, data: Uint8Array | string, options?: WriteFileOptions): Promise<void> {
    return this.#fs.writeFile(path, data, { flag: options?.flag ?? 'w' });
  }
}

/** A fresh, empty in-memory filesystem (only `/` exists). */
export function createMemFs(): FileSystem {
  return new MemFs(new Volume());
}
