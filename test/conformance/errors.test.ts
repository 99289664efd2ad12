import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from '../../src/fs/path.js';
import type { FileSystem } from '../../src/fs/types.js';
import { backendFactories, type Backend } from './backends.js';
import { expectFsError, type ExpectedFsError } from './expect-fs-error.js';

/**
 * Every error code a user of the contract can hit, with Node's `code`, `syscall`, `path` and
 * `dest`, checked on every backend. Each case runs on a fixture: `f` (a file holding "abc"),
 * `d` (a directory holding the file `x` and the empty directory `s`) and `e` (an empty directory).
 */

interface ErrorCase {
  readonly name: string;
  act(fs: FileSystem, at: (name: string) => string): Promise<unknown>;
  expected(at: (name: string) => string): ExpectedFsError;
}

const errorCases: readonly ErrorCase[] = [
  // ENOENT
  { name: 'open of a missing file', act: (fs, at) => fs.open(at('nope')), expected: (at) => ({ code: 'ENOENT', syscall: 'open', path: at('nope') }) },
  { name: 'open for writing under a missing parent', act: (fs, at) => fs.open(at('no/f'), 'w'), expected: (at) => ({ code: 'ENOENT', syscall: 'open', path: at('no/f') }) },
  { name: 'stat of a missing name', act: (fs, at) => fs.stat(at('nope')), expected: (at) => ({ code: 'ENOENT', syscall: 'stat', path: at('nope') }) },
  { name: 'unlink of a missing name', act: (fs, at) => fs.unlink(at('nope')), expected: (at) => ({ code: 'ENOENT', syscall: 'unlink', path: at('nope') }) },
  { name: 'rename of a missing name', act: (fs, at) => fs.rename(at('nope'), at('g')), expected: (at) => ({ code: 'ENOENT', syscall: 'rename', path: at('nope'), dest: at('g') }) },
  { name: 'rename under a missing parent', act: (fs, at) => fs.rename(at('f'), at('no/g')), expected: (at) => ({ code: 'ENOENT', syscall: 'rename', path: at('f'), dest: at('no/g') }) },
  { name: 'link of a missing name', act: (fs, at) => fs.link(at('nope'), at('g')), expected: (at) => ({ code: 'ENOENT', syscall: 'link', path: at('nope'), dest: at('g') }) },
  { name: 'mkdir under a missing parent', act: (fs, at) => fs.mkdir(at('no/d')), expected: (at) => ({ code: 'ENOENT', syscall: 'mkdir', path: at('no/d') }) },
  { name: 'rmdir of a missing name', act: (fs, at) => fs.rmdir(at('nope')), expected: (at) => ({ code: 'ENOENT', syscall: 'rmdir', path: at('nope') }) },
  { name: 'readdir of a missing name', act: (fs, at) => fs.readdir(at('nope')), expected: (at) => ({ code: 'ENOENT', syscall: 'scandir', path: at('nope') }) },
  { name: 'readFile of a missing file', act: (fs, at) => fs.readFile(at('nope')), expected: (at) => ({ code: 'ENOENT', syscall: 'open', path: at('nope') }) },
  { name: 'writeFile under a missing parent', act: (fs, at) => fs.writeFile(at('no/f'), 'x'), expected: (at) => ({ code: 'ENOENT', syscall: 'open', path: at('no/f') }) },
  // EEXIST
  { name: "open 'wx' of an existing file", act: (fs, at) => fs.open(at('f'), 'wx'), expected: (at) => ({ code: 'EEXIST', syscall: 'open', path: at('f') }) },
  { name: "open 'ax' of an existing file", act: (fs, at) => fs.open(at('f'), 'ax'), expected: (at) => ({ code: 'EEXIST', syscall: 'open', path: at('f') }) },
  { name: "open 'wx' of an existing directory", act: (fs, at) => fs.open(at('d'), 'wx'), expected: (at) => ({ code: 'EEXIST', syscall: 'open', path: at('d') }) },
  { name: "writeFile with flag 'wx' on an existing file", act: (fs, at) => fs.writeFile(at('f'), 'x', { flag: 'wx' }), expected: (at) => ({ code: 'EEXIST', syscall: 'open', path: at('f') }) },
  { name: 'link onto an existing file', act: (fs, at) => fs.link(at('f'), at('d/x')), expected: (at) => ({ code: 'EEXIST', syscall: 'link', path: at('f'), dest: at('d/x') }) },
  { name: 'link onto an existing directory', act: (fs, at) => fs.link(at('f'), at('e')), expected: (at) => ({ code: 'EEXIST', syscall: 'link', path: at('f'), dest: at('e') }) },
  { name: 'mkdir of an existing directory', act: (fs, at) => fs.mkdir(at('d')), expected: (at) => ({ code: 'EEXIST', syscall: 'mkdir', path: at('d') }) },
  { name: 'mkdir of an existing file', act: (fs, at) => fs.mkdir(at('f')), expected: (at) => ({ code: 'EEXIST', syscall: 'mkdir', path: at('f') }) },
  { name: 'recursive mkdir of an existing file', act: (fs, at) => fs.mkdir(at('f'), { recursive: true }), expected: (at) => ({ code: 'EEXIST', syscall: 'mkdir', path: at('f') }) },
  // ENOTEMPTY
  { name: 'rmdir of a non-empty directory', act: (fs, at) => fs.rmdir(at('d')), expected: (at) => ({ code: 'ENOTEMPTY', syscall: 'rmdir', path: at('d') }) },
  { name: 'rename of a directory over a non-empty one', act: (fs, at) => fs.rename(at('e'), at('d')), expected: (at) => ({ code: 'ENOTEMPTY', syscall: 'rename', path: at('e'), dest: at('d') }) },
  // EISDIR
  { name: "open 'w' of a directory", act: (fs, at) => fs.open(at('d'), 'w'), expected: (at) => ({ code: 'EISDIR', syscall: 'open', path: at('d') }) },
  { name: "open 'r+' of a directory", act: (fs, at) => fs.open(at('d'), 'r+'), expected: (at) => ({ code: 'EISDIR', syscall: 'open', path: at('d') }) },
  { name: "open 'a' of a directory", act: (fs, at) => fs.open(at('d'), 'a'), expected: (at) => ({ code: 'EISDIR', syscall: 'open', path: at('d') }) },
  // Node's readFile reports the failing read(2) of the descriptor, without a path.
  { name: 'readFile of a directory', act: (fs, at) => fs.readFile(at('d')), expected: () => ({ code: 'EISDIR', syscall: 'read' }) },
  { name: 'writeFile onto a directory', act: (fs, at) => fs.writeFile(at('d'), 'x'), expected: (at) => ({ code: 'EISDIR', syscall: 'open', path: at('d') }) },
  // Linux says EISDIR where POSIX allows EPERM.
  { name: 'unlink of a directory', act: (fs, at) => fs.unlink(at('e')), expected: (at) => ({ code: 'EISDIR', syscall: 'unlink', path: at('e') }) },
  { name: 'rename of a file over a directory', act: (fs, at) => fs.rename(at('f'), at('e')), expected: (at) => ({ code: 'EISDIR', syscall: 'rename', path: at('f'), dest: at('e') }) },
  // ENOTDIR
  { name: 'open of a path through a file', act: (fs, at) => fs.open(at('f/x')), expected: (at) => ({ code: 'ENOTDIR', syscall: 'open', path: at('f/x') }) },
  { name: 'open for writing of a path through a file', act: (fs, at) => fs.open(at('f/x'), 'w'), expected: (at) => ({ code: 'ENOTDIR', syscall: 'open', path: at('f/x') }) },
  { name: 'stat of a path through a file', act: (fs, at) => fs.stat(at('f/x')), expected: (at) => ({ code: 'ENOTDIR', syscall: 'stat', path: at('f/x') }) },
  { name: 'mkdir under a file', act: (fs, at) => fs.mkdir(at('f/x')), expected: (at) => ({ code: 'ENOTDIR', syscall: 'mkdir', path: at('f/x') }) },
  { name: 'recursive mkdir through a file', act: (fs, at) => fs.mkdir(at('f/x/y'), { recursive: true }), expected: (at) => ({ code: 'ENOTDIR', syscall: 'mkdir', path: at('f/x/y') }) },
  { name: 'readdir of a file', act: (fs, at) => fs.readdir(at('f')), expected: (at) => ({ code: 'ENOTDIR', syscall: 'scandir', path: at('f') }) },
  { name: 'rmdir of a file', act: (fs, at) => fs.rmdir(at('f')), expected: (at) => ({ code: 'ENOTDIR', syscall: 'rmdir', path: at('f') }) },
  { name: 'rename of a directory over a file', act: (fs, at) => fs.rename(at('e'), at('f')), expected: (at) => ({ code: 'ENOTDIR', syscall: 'rename', path: at('e'), dest: at('f') }) },
  { name: 'rename to a path through a file', act: (fs, at) => fs.rename(at('d/x'), at('f/x')), expected: (at) => ({ code: 'ENOTDIR', syscall: 'rename', path: at('d/x'), dest: at('f/x') }) },
  { name: 'unlink of a path through a file', act: (fs, at) => fs.unlink(at('f/x')), expected: (at) => ({ code: 'ENOTDIR', syscall: 'unlink', path: at('f/x') }) },
  // EINVAL
  { name: 'rename of a directory into its own subdirectory', act: (fs, at) => fs.rename(at('d'), at('d/sub')), expected: (at) => ({ code: 'EINVAL', syscall: 'rename', path: at('d'), dest: at('d/sub') }) },
  { name: 'rename of a directory deeper into itself', act: (fs, at) => fs.rename(at('d'), at('d/s/t')), expected: (at) => ({ code: 'EINVAL', syscall: 'rename', path: at('d'), dest: at('d/s/t') }) },
  // Precedence, as Linux checks: both parents, the source, the ancestry traps, then the kinds.
  { name: 'rename of a missing name to a path through a file', act: (fs, at) => fs.rename(at('nope'), at('f/x')), expected: (at) => ({ code: 'ENOTDIR', syscall: 'rename', path: at('nope'), dest: at('f/x') }) },
  { name: 'rename of a file onto its own directory', act: (fs, at) => fs.rename(at('d/x'), at('d')), expected: (at) => ({ code: 'ENOTEMPTY', syscall: 'rename', path: at('d/x'), dest: at('d') }) },
  { name: 'link of a directory onto an existing name', act: (fs, at) => fs.link(at('e'), at('f')), expected: (at) => ({ code: 'EEXIST', syscall: 'link', path: at('e'), dest: at('f') }) },
  // EPERM: Linux never hard-links a directory.
  { name: 'link of a directory', act: (fs, at) => fs.link(at('e'), at('e2')), expected: (at) => ({ code: 'EPERM', syscall: 'link', path: at('e'), dest: at('e2') }) },
];

describe.each(backendFactories)('errors on $name', (factory) => {
  if (factory.unavailable !== undefined) {
    it.skip(`skipped: ${factory.unavailable}`, () => undefined);
    return;
  }
  let backend: Backend;
  const at = (name: string): string => join(backend.root, name);

  beforeEach(async () => {
    backend = await factory.create();
    await backend.fs.writeFile(at('f'), 'abc');
    await backend.fs.mkdir(at('d'));
    await backend.fs.writeFile(at('d/x'), 'x');
    await backend.fs.mkdir(at('d/s'));
    await backend.fs.mkdir(at('e'));
  });

  afterEach(async () => {
    await backend.cleanup();
  });

  it.each(errorCases)('$name', async ({ act, expected }) => {
    await expectFsError(act(backend.fs, at), expected(at));
  });

  it('a failed call changes nothing', async () => {
    for (const { act } of errorCases) await act(backend.fs, at).catch(() => undefined);
    const listing = (await backend.fs.readdir(backend.root)).sort();
    expect(listing).toEqual(['d', 'e', 'f']);
    expect((await backend.fs.readdir(at('d'))).sort()).toEqual(['s', 'x']);
    expect(new TextDecoder().decode(await backend.fs.readFile(at('f')))).toBe('abc');
  });
});
