import { isFsError } from '../../src/fs/errors.js';
import type { FileHandle, FileStats, FileSystem } from '../../src/fs/types.js';
import type { Operation } from './operations.js';

/**
 * Runs operations on one backend and turns every answer into comparable data: a value, or the
 * error's code, syscall and paths (relative to the root, so backends rooted elsewhere compare).
 * Anything thrown that is not a filesystem error is a bug and propagates.
 */

export type Outcome =
  | { readonly ok: unknown }
  | { readonly error: { readonly code: string; readonly syscall: string; readonly path?: string; readonly dest?: string } };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Size and nlink of a directory differ between real filesystems, so only its kind is compared. */
function describeStats(stats: FileStats): unknown {
  if (stats.isDirectory()) return { kind: 'directory' };
  return { kind: stats.isFile() ? 'file' : 'other', size: stats.size, nlink: stats.nlink };
}

export class Driver {
  readonly #fs: FileSystem;
  readonly #root: string;
  readonly #handles: FileHandle[] = [];

  constructor(fs: FileSystem, root: string) {
    this.#fs = fs;
    this.#root = root;
  }

  #at(path: string): string {
    return `${this.#root}${path}`;
  }

  #relative(path: unknown): string | undefined {
    if (typeof path !== 'string') return undefined;
    return path.startsWith(this.#root) ? path.slice(this.#root.length) : path;
  }

  async apply(operation: Operation): Promise<Outcome> {
    try {
      return { ok: await this.#run(operation) };
    } catch (error) {
      if (!isFsError(error)) throw error;
      const dest = this.#relative((error as { dest?: unknown }).dest);
      const path = this.#relative(error.path);
      return {
        error: {
          code: error.code,
          syscall: error.syscall,
          ...(path === undefined ? {} : { path }),
          ...(dest === undefined ? {} : { dest }),
        },
      };
    }
  }

  /** The handle a `slot` designates, or undefined when none was opened yet. */
  #handle(slot: number): FileHandle | undefined {
    return this.#handles.length === 0 ? undefined : this.#handles[slot % this.#handles.length];
  }

  async #run(operation: Operation): Promise<unknown> {
    const fs = this.#fs;
    switch (operation.op) {
      case 'mkdir': {
        const created = await fs.mkdir(this.#at(operation.path), { recursive: operation.recursive });
        return this.#relative(created) ?? null;
      }
      case 'rmdir':
        return fs.rmdir(this.#at(operation.path));
      case 'unlink':
        return fs.unlink(this.#at(operation.path));
      case 'rename':
        return fs.rename(this.#at(operation.from), this.#at(operation.to));
      case 'link':
        return fs.link(this.#at(operation.from), this.#at(operation.to));
      case 'readdir':
        return (await fs.readdir(this.#at(operation.path))).sort();
      case 'stat':
        return describeStats(await fs.stat(this.#at(operation.path)));
      case 'readFile':
        return decoder.decode(await fs.readFile(this.#at(operation.path)));
      case 'writeFile':
        return fs.writeFile(this.#at(operation.path), operation.data, { flag: operation.flag });
      case 'open':
        this.#handles.push(await fs.open(this.#at(operation.path), operation.flags));
        return this.#handles.length - 1;
      default:
        return this.#runOnHandle(operation);
    }
  }

  async #runOnHandle(operation: Extract<Operation, { slot: number }>): Promise<unknown> {
    const handle = this.#handle(operation.slot);
    if (handle === undefined) return 'no handle';
    switch (operation.op) {
      case 'handle.write': {
        const data = encoder.encode(operation.data);
        return (await handle.write(data, 0, data.byteLength, operation.position)).bytesWritten;
      }
      case 'handle.read': {
        const buffer = new Uint8Array(operation.length);
        const { bytesRead } = await handle.read(buffer, 0, operation.length, operation.position);
        return [...buffer.subarray(0, bytesRead)];
      }
      case 'handle.truncate':
        return handle.truncate(operation.length);
      case 'handle.sync':
        return handle.sync();
      case 'handle.datasync':
        return handle.datasync();
      case 'handle.stat':
        return describeStats(await handle.stat());
      case 'handle.close':
        return handle.close();
    }
  }

  /** Every name under the root with its kind and, for files, its content. */
  async snapshot(): Promise<Record<string, string>> {
    const tree: Record<string, string> = {};
    const walk = async (path: string): Promise<void> => {
      for (const name of (await this.#fs.readdir(this.#at(path))).sort()) {
        const child = `${path}/${name}`;
        if ((await this.#fs.stat(this.#at(child))).isDirectory()) {
          tree[child] = 'directory';
          await walk(child);
        } else {
          tree[child] = `file ${decoder.decode(await this.#fs.readFile(this.#at(child)))}`;
        }
      }
    };
    await walk('');
    return tree;
  }

  /** Closes every handle (a second close resolves, so closed ones are harmless). */
  async closeAll(): Promise<void> {
    for (const handle of this.#handles.splice(0)) await handle.close();
  }
}
