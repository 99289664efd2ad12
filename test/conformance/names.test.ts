import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from '../../src/fs/path.js';
import { backendFactories, type Backend } from './backends.js';

/** Names on every backend: rename, link, unlink, mkdir, rmdir, readdir, stat. */

const text = (data: Uint8Array): string => new TextDecoder().decode(data);

describe.each(backendFactories)('names on $name', (factory) => {
  if (factory.unavailable !== undefined) {
    it.skip(`skipped: ${factory.unavailable}`, () => undefined);
    return;
  }
  let backend: Backend;
  const at = (name: string): string => join(backend.root, name);
  const list = async (name: string): Promise<string[]> => (await backend.fs.readdir(at(name))).sort();

  beforeEach(async () => {
    backend = await factory.create();
  });

  afterEach(async () => {
    await backend.cleanup();
  });

  it('readdir lists names without . and .., in any order', async () => {
    expect(await list('')).toEqual([]);
    for (const name of ['c', 'a', 'b']) await backend.fs.writeFile(at(name), name);
    await backend.fs.mkdir(at('dir'));
    expect(await list('')).toEqual(['a', 'b', 'c', 'dir']);
    expect(await list('dir')).toEqual([]);
  });

  it('rename replaces a file atomically and removes the old name', async () => {
    await backend.fs.writeFile(at('a'), 'A');
    await backend.fs.writeFile(at('b'), 'B');
    await backend.fs.rename(at('a'), at('b'));
    expect(text(await backend.fs.readFile(at('b')))).toBe('A');
    expect(await list('')).toEqual(['b']);
  });

  it('rename moves a file between directories', async () => {
    await backend.fs.mkdir(at('d1'));
    await backend.fs.mkdir(at('d2'));
    await backend.fs.writeFile(at('d1/f'), 'F');
    await backend.fs.rename(at('d1/f'), at('d2/g'));
    expect([await list('d1'), await list('d2')]).toEqual([[], ['g']]);
  });

  it('rename of a name onto itself, or onto another link of its inode, does nothing', async () => {
    await backend.fs.writeFile(at('a'), 'A');
    await backend.fs.rename(at('a'), at('a'));
    await backend.fs.link(at('a'), at('b'));
    await backend.fs.rename(at('a'), at('b'));
    expect(await list('')).toEqual(['a', 'b']);
    expect((await backend.fs.stat(at('a'))).nlink).toBe(2);
    await backend.fs.mkdir(at('d'));
    await backend.fs.rename(at('d'), at('d'));
    expect(await list('')).toEqual(['a', 'b', 'd']);
  });

  it('rename moves a directory with its contents and may replace an empty directory', async () => {
    await backend.fs.mkdir(at('d'));
    await backend.fs.mkdir(at('d/sub'));
    await backend.fs.writeFile(at('d/sub/f'), 'F');
    await backend.fs.mkdir(at('empty'));
    await backend.fs.rename(at('d'), at('empty'));
    expect(await list('')).toEqual(['empty']);
    expect(text(await backend.fs.readFile(at('empty/sub/f')))).toBe('F');
    await backend.fs.mkdir(at('other'));
    await backend.fs.rename(at('empty/sub'), at('other/moved'));
    expect([await list('empty'), await list('other'), await list('other/moved')]).toEqual([[], ['moved'], ['f']]);
  });

  it('link adds a name to the same inode; nlink counts names', async () => {
    await backend.fs.writeFile(at('a'), 'A');
    expect((await backend.fs.stat(at('a'))).nlink).toBe(1);
    await backend.fs.mkdir(at('d'));
    await backend.fs.link(at('a'), at('d/b'));
    expect((await backend.fs.stat(at('a'))).nlink).toBe(2);
    await backend.fs.writeFile(at('d/b'), 'shared', { flag: 'r+' });
    expect(text(await backend.fs.readFile(at('a')))).toBe('shared');
    await backend.fs.unlink(at('a'));
    const stats = await backend.fs.stat(at('d/b'));
    expect([stats.nlink, stats.size]).toEqual([1, 6]);
    expect(await list('')).toEqual(['d']);
  });

  it('mkdir creates, recursive mkdir returns the first directory it created', async () => {
    expect(await backend.fs.mkdir(at('a'))).toBeUndefined();
    expect(await backend.fs.mkdir(at('a/b/c/d'), { recursive: true })).toBe(at('a/b'));
    expect(await backend.fs.mkdir(at('a/b/c'), { recursive: true })).toBeUndefined();
    expect(await backend.fs.mkdir(at('x/y'), { recursive: true })).toBe(at('x'));
    expect(await list('a/b/c')).toEqual(['d']);
    expect((await backend.fs.stat(at('a/b/c/d'))).isDirectory()).toBe(true);
  });

  it('rmdir removes an empty directory', async () => {
    await backend.fs.mkdir(at('d'));
    await backend.fs.rmdir(at('d'));
    expect(await list('')).toEqual([]);
  });

  it('stat tells files from directories and reports the size', async () => {
    await backend.fs.writeFile(at('f'), 'abcd');
    await backend.fs.mkdir(at('d'));
    const file = await backend.fs.stat(at('f'));
    const dir = await backend.fs.stat(at('d'));
    expect([file.size, file.isFile(), file.isDirectory()]).toEqual([4, true, false]);
    expect([dir.isFile(), dir.isDirectory()]).toEqual([false, true]);
    expect((await backend.fs.stat(backend.root)).isDirectory()).toBe(true);
  });

  it('paths are normalized: repeated slashes, . and .. inside the root', async () => {
    await backend.fs.mkdir(at('d'));
    await backend.fs.writeFile(`${at('d')}//./f`, 'F');
    expect(text(await backend.fs.readFile(`${at('d')}/../d/f`))).toBe('F');
  });
});
