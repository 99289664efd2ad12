import { describe, expect, it } from 'vitest';
import { isFsError } from '../../src/fs/errors.js';
import { isWithin, splitAbsolutePath } from '../../src/fs/path.js';

describe('splitAbsolutePath', () => {
  it('splits an absolute path into components', () => {
    expect(splitAbsolutePath('/', 'open')).toEqual([]);
    expect(splitAbsolutePath('/a/b/c', 'open')).toEqual(['a', 'b', 'c']);
  });

  it('drops empty and . components and resolves .. lexically, never above /', () => {
    expect(splitAbsolutePath('//a///b/./c/', 'open')).toEqual(['a', 'b', 'c']);
    expect(splitAbsolutePath('/a/b/../c', 'open')).toEqual(['a', 'c']);
    expect(splitAbsolutePath('/../../a', 'open')).toEqual(['a']);
    expect(splitAbsolutePath('/a/..', 'open')).toEqual([]);
  });

  it.each([
    ['relative', 'a/b'],
    ['dot-relative', './a'],
    ['empty', ''],
    ['NUL-containing', '/a\0b'],
  ])('rejects a %s path with EINVAL naming the call and the path', (_kind, path) => {
    let caught: unknown;
    try {
      splitAbsolutePath(path, 'mkdir');
    } catch (error) {
      caught = error;
    }
    expect(isFsError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'EINVAL', syscall: 'mkdir', path });
  });

  it('rejects a value that is not a string at run time', () => {
    expect(() => splitAbsolutePath(42 as unknown as string, 'stat')).toThrow(expect.objectContaining({ code: 'EINVAL', path: '42' }));
  });
});

describe('isWithin', () => {
  it.each([
    ['/root', '/root', true],
    ['/root', '/root/a/b', true],
    ['/root/', '/root/a', true],
    ['/root', '/root/a/../b', true],
    ['/root', '/rootless', false],
    ['/root', '/root/../etc', false],
    ['/root', '/', false],
    ['/', '/anything', true],
    ['/', '/', true],
    ['//', '/x', true],
  ])('isWithin(%j, %j) is %s', (root, path, expected) => {
    expect(isWithin(root, path)).toBe(expected);
  });
});
