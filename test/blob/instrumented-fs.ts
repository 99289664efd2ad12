import { fsError } from '../../src/fs/errors.js';
import type { FileHandle, FileSystem, OpenFlags } from '../../src/fs/types.js';

/** Records every call a store makes, and can fail chosen ones, for white-box store tests. */
export interface Instrumented {
  readonly fs: FileSystem;
  /** `open`, `rename`..., and `handle.sync`/`handle.datasync` with the handle's path. */
  readonly calls: { call: string; path: string }[];
  /** When it returns true for a call, that call rejects with EIO instead of running. */
  failWhen: (call: string, path: string) => boolean;
}

export function instrument(inner: FileSystem): Instrumented {
  const state: Instrumented = {
    calls: [],
    failWhen: () => false,
    fs: undefined as unknown as FileSystem,
  };
  const before = (call: string, path: string): void => {
    state.calls.push({ call, path });
    if (state.failWhen(call, path)) throw fsError('EIO', call, path);
  };
  const wrapHandle = (handle: FileHandle, path: string): FileHandle => ({
    read: async (...args) => (before('handle.read', path), handle.read(...args)),
    write: async (...args) => (before('handle.write', path), handle.write(...args)),
    truncate: async (len) => (before('handle.truncate', path), handle.truncate(len)),
    sync: async () => (before('handle.sync', path), handle.sync()),
    datasync: async () => (before('handle.datasync', path), handle.datasync()),
    stat: async () => (before('handle.stat', path), handle.stat()),
    close: async () => (before('handle.close', path), handle.close()),
  });
  const fs: FileSystem = {
    open: async (path: string, flags?: OpenFlags) => {
      before('open', path);
      return wrapHandle(await inner.open(path, flags), path);
    },
    rename: async (a, b) => (before('rename', a), inner.rename(a, b)),
    link: async (a, b) => (before('link', a), inner.link(a, b)),
    unlink: async (p) => (before('unlink', p), inner.unlink(p)),
    mkdir: async (p, o) => (before('mkdir', p), inner.mkdir(p, o)),
    rmdir: async (p) => (before('rmdir', p), inner.rmdir(p)),
    readdir: async (p) => (before('readdir', p), inner.readdir(p)),
    stat: async (p) => (before('stat', p), inner.stat(p)),
    readFile: async (p) => (before('readFile', p), inner.readFile(p)),
    writeFile: async (p, d, o) => (before('writeFile', p), inner.writeFile(p, d, o)),
  };
  (state as { fs: FileSystem }).fs = fs;
  return state;
}
