import type { FileHandle, FileSystem, OpenFlags } from '../../src/fs/types.js';

/**
 * A FileSystem wrapper for FlatStore's unit tests: records every call as `call path` (syncs as
 * `sync <path>`), tracks how many write handles are open at once, and can fail chosen calls.
 */
export class InstrumentedFs {
  readonly fs: FileSystem;
  readonly calls: string[] = [];
  /** Throws the returned error (if any) instead of performing the call. */
  failWhen: (call: string, path: string) => Error | undefined = () => undefined;
  #openWriters = 0;
  #maxOpenWriters = 0;

  constructor(inner: FileSystem) {
    this.fs = this.#wrap(inner);
  }

  /** Highest number of files open for writing at the same time, over the run. */
  get maxOpenWriters(): number {
    return this.#maxOpenWriters;
  }

  /** Recorded calls starting with `prefix` (e.g. 'sync '). */
  callsOf(prefix: string): string[] {
    return this.calls.filter((call) => call.startsWith(prefix));
  }

  #note(call: string, path: string): void {
    this.calls.push(`${call} ${path}`);
    const failure = this.failWhen(call, path);
    if (failure !== undefined) throw failure;
  }

  #wrapHandle(handle: FileHandle, path: string, writer: boolean): FileHandle {
    return {
      read: (buffer, offset, length, position) => handle.read(buffer, offset, length, position),
      write: async (buffer, offset, length, position) => {
        this.#note('write', path);
        return handle.write(buffer, offset, length, position);
      },
      truncate: (len) => handle.truncate(len),
      sync: async () => {
        this.#note('sync', path);
        return handle.sync();
      },
      datasync: async () => {
        this.#note('datasync', path);
        return handle.datasync();
      },
      stat: () => handle.stat(),
      close: async () => {
        if (writer) this.#openWriters--;
        return handle.close();
      },
    };
  }

  #wrap(inner: FileSystem): FileSystem {
    return {
      open: async (path: string, flags?: OpenFlags) => {
        this.#note(`open:${flags ?? 'r'}`, path);
        const handle = await inner.open(path, flags);
        const writer = flags !== undefined && flags !== 'r';
        if (writer) {
          this.#openWriters++;
          this.#maxOpenWriters = Math.max(this.#maxOpenWriters, this.#openWriters);
        }
        return this.#wrapHandle(handle, path, writer);
      },
      rename: async (oldPath, newPath) => {
        this.#note('rename', `${oldPath} -> ${newPath}`);
        return inner.rename(oldPath, newPath);
      },
      link: (existingPath, newPath) => inner.link(existingPath, newPath),
      unlink: async (path) => {
        this.#note('unlink', path);
        return inner.unlink(path);
      },
      mkdir: async (path, options) => {
        this.#note('mkdir', path);
        return inner.mkdir(path, options);
      },
      rmdir: async (path) => {
        this.#note('rmdir', path);
        return inner.rmdir(path);
      },
      readdir: (path) => inner.readdir(path),
      stat: (path) => inner.stat(path),
      readFile: (path) => inner.readFile(path),
      writeFile: (path, data, options) => inner.writeFile(path, data, options),
    };
  }
}
