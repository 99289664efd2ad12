import { runInNewContext } from 'node:vm';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FsError, fsError, hasErrorCode, isFsError } from '../../src/fs/errors.js';

describe('FsError', () => {
  it("is shaped like Node's errors", () => {
    const error = fsError('ENOENT', 'open', '/a/b');
    expect(error).toBeInstanceOf(FsError);
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.code, error.syscall, error.path, error.dest]).toEqual(['FsError', 'ENOENT', 'open', '/a/b', undefined]);
    expect(error.message).toBe("ENOENT: no such file or directory, open '/a/b'");
  });

  it('names both paths of a two-path call, and none when there is none', () => {
    expect(fsError('EXDEV', 'rename', '/a', '/b').message).toBe("EXDEV: cross-device link not permitted, rename '/a' -> '/b'");
    expect(fsError('EBADF', 'read').message).toBe('EBADF: bad file descriptor, read');
  });
});

describe('isFsError and hasErrorCode', () => {
  it('recognize errors from node:fs itself', async () => {
    const error: unknown = await readFile('/definitely/not/here').catch((rejection: unknown) => rejection);
    expect(isFsError(error)).toBe(true);
    expect(hasErrorCode(error, 'ENOENT')).toBe(true);
    expect(hasErrorCode(error, 'EEXIST')).toBe(false);
  });

  it('recognize errors made in another realm, where instanceof fails', () => {
    const foreign: unknown = runInNewContext("Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO', syscall: 'fsync' })");
    expect(foreign instanceof Error).toBe(false);
    expect(isFsError(foreign)).toBe(true);
    expect(hasErrorCode(foreign, 'EIO')).toBe(true);
  });

  it('recognize plain objects with the right shape (as memfs builds them)', () => {
    expect(isFsError({ code: 'EEXIST', syscall: 'open', message: 'EEXIST: file already exists' })).toBe(true);
  });

  it('reject everything else', () => {
    for (const value of [undefined, null, 'ENOENT', 42, new Error('plain'), { code: 'ENOENT' }, { code: 'ENOENT', syscall: 'open' }, { code: 1, syscall: 'open', message: '' }]) {
      expect(isFsError(value), String(value)).toBe(false);
      expect(hasErrorCode(value, 'ENOENT')).toBe(false);
    }
    // Node's validation errors carry a code but no syscall: they are programming errors, not fs errors.
    expect(isFsError(Object.assign(new TypeError('bad'), { code: 'ERR_INVALID_ARG_TYPE' }))).toBe(false);
  });
});
