import { describe, expect, it } from 'vitest';
import { isFsError } from '../../../src/fs/errors.js';
import { SimFs } from '../../../sim/disk/index.js';
import { bytes, codeOf, text } from './helpers.js';

/** The FileSystem contract on SimFs: Linux/Node results and error codes, call by call. */

async function populated(): Promise<SimFs> {
  const fs = new SimFs();
  await fs.mkdir('/d');
  await fs.mkdir('/d/sub');
  await fs.writeFile('/d/f', 'hello');
  return fs;
}

describe('SimFs contract: plain usage', () => {
  it('creates, writes, reads back, renames, lists and stats like Node', async () => {
    const fs = await populated();
    const handle = await fs.open('/d/new', 'wx');
    expect(await handle.write(bytes('abc'))).toMatchObject({ bytesWritten: 3 });
    await handle.write(bytes('Z'), 0, 1, 1);
    await handle.write(bytes('de'));
    await handle.sync();
    await handle.close();
    expect(text(await fs.readFile('/d/new'))).toBe('aZcde');
    await fs.rename('/d/new', '/d/renamed');
    expect(await fs.readdir('/d')).toEqual(['f', 'renamed', 'sub']);
    const stats = await fs.stat('/d/renamed');
    expect([stats.size, stats.nlink, stats.isFile(), stats.isDirectory()]).toEqual([5, 1, true, false]);
    const dirStats = await fs.stat('/d');
    expect([dirStats.isFile(), dirStats.isDirectory(), dirStats.nlink]).toEqual([false, true, 3]);
  });

  it('reads at the handle offset when position is null and at the position otherwise', async () => {
    const fs = await populated();
    const handle = await fs.open('/d/f', 'r');
    const buffer = new Uint8Array(3);
    expect((await handle.read(buffer, 0, 2, null)).bytesRead).toBe(2);
    expect(text(buffer.subarray(0, 2))).toBe('he');
    expect((await handle.read(buffer, 0, 3, null)).bytesRead).toBe(3);
    expect(text(buffer)).toBe('llo');
    expect((await handle.read(buffer, 0, 3, null)).bytesRead).toBe(0);
    expect((await handle.read(buffer, 1, 2, 1)).bytesRead).toBe(2);
    expect(text(buffer.subarray(1))).toBe('el');
    expect((await handle.read(buffer, 0, 3, 99)).bytesRead).toBe(0);
  });

  it('appends always at the end, whatever the position', async () => {
    const fs = await populated();
    const handle = await fs.open('/d/f', 'a');
    await handle.write(bytes('!'), 0, 1, 0);
    await handle.write(bytes('?'));
    await handle.close();
    expect(text(await fs.readFile('/d/f'))).toBe('hello!?');
    await fs.writeFile('/d/f', '+', { flag: 'a' });
    expect(text(await fs.readFile('/d/f'))).toBe('hello!?+');
  });

  it('truncates with w, keeps with r+, zero-fills growth and gaps', async () => {
    const fs = await populated();
    const handle = await fs.open('/d/f', 'r+');
    await handle.write(bytes('J'));
    await handle.truncate(7);
    await handle.write(bytes('x'), 0, 1, 9);
    await handle.close();
    expect(Array.from(await fs.readFile('/d/f'))).toEqual([...bytes('Jello'), 0, 0, 0, 0, ...bytes('x')]);
    await (await fs.open('/d/f', 'w')).close();
    expect((await fs.stat('/d/f')).size).toBe(0);
  });

  it('links share an inode and count names', async () => {
    const fs = await populated();
    await fs.link('/d/f', '/d/g');
    expect((await fs.stat('/d/f')).nlink).toBe(2);
    await fs.writeFile('/d/g', 'via g', { flag: 'a' });
    expect(text(await fs.readFile('/d/f'))).toBe('hellovia g');
    await fs.unlink('/d/f');
    expect((await fs.stat('/d/g')).nlink).toBe(1);
  });

  it('rename replaces a file, replaces an empty directory, and is a no-op onto the same inode', async () => {
    const fs = await populated();
    await fs.writeFile('/d/other', 'other');
    await fs.rename('/d/other', '/d/f');
    expect(text(await fs.readFile('/d/f'))).toBe('other');
    await fs.mkdir('/d/empty');
    await fs.rename('/d/sub', '/d/empty');
    expect(await fs.readdir('/d')).toEqual(['empty', 'f']);
    await fs.link('/d/f', '/d/f2');
    await fs.rename('/d/f', '/d/f2');
    expect(await fs.readdir('/d')).toEqual(['empty', 'f', 'f2']);
    await fs.rename('/d/f', '/d/f');
    expect(await fs.readdir('/d')).toEqual(['empty', 'f', 'f2']);
  });

  it('mkdir recursive returns the first directory created, or undefined', async () => {
    const fs = await populated();
    expect(await fs.mkdir('/d/x/y/z', { recursive: true })).toBe('/d/x');
    expect(await fs.mkdir('/d/x/y/z', { recursive: true })).toBeUndefined();
    expect(await fs.mkdir('/', { recursive: true })).toBeUndefined();
    expect(await fs.mkdir('/e')).toBeUndefined();
    expect(await fs.readdir('/d/x/y')).toEqual(['z']);
  });

  it('opens a directory with r to sync it; reading it fails EISDIR', async () => {
    const fs = await populated();
    const handle = await fs.open('/d', 'r');
    await handle.sync();
    await handle.datasync();
    expect((await handle.stat()).isDirectory()).toBe(true);
    expect(await codeOf(handle.read(new Uint8Array(1), 0, 1, null))).toBe('EISDIR');
    await handle.close();
  });

  it('writeFile takes strings and bytes; readFile returns a copy', async () => {
    const fs = new SimFs();
    await fs.writeFile('/s', 'héllo');
    await fs.writeFile('/b', new Uint8Array([1, 2, 3]));
    expect(text(await fs.readFile('/s'))).toBe('héllo');
    const data = await fs.readFile('/b');
    data[0] = 9;
    expect(Array.from(await fs.readFile('/b'))).toEqual([1, 2, 3]);
  });

  it('normalizes paths like Node (double slashes, dots, trailing slash on directories)', async () => {
    const fs = await populated();
    expect(await fs.readdir('//d/./sub/..')).toEqual(['f', 'sub']);
    expect((await fs.stat('/d/')).isDirectory()).toBe(true);
  });
});

describe('SimFs contract: error codes', () => {
  const cases: Array<[string, (fs: SimFs) => Promise<unknown>, string]> = [
    ['open missing, r', (fs) => fs.open('/d/missing', 'r'), 'ENOENT'],
    ['open under a missing parent', (fs) => fs.open('/nope/f', 'w'), 'ENOENT'],
    ['open under a file', (fs) => fs.open('/d/f/x', 'w'), 'ENOTDIR'],
    ['open a file with a trailing slash', (fs) => fs.open('/d/f/', 'r'), 'ENOTDIR'],
    ['open wx on a file', (fs) => fs.open('/d/f', 'wx'), 'EEXIST'],
    ['open ax on a file', (fs) => fs.open('/d/f', 'ax'), 'EEXIST'],
    ['open wx on a directory', (fs) => fs.open('/d', 'wx'), 'EEXIST'],
    ['open w on a directory', (fs) => fs.open('/d', 'w'), 'EISDIR'],
    ['open r+ on a directory', (fs) => fs.open('/d', 'r+'), 'EISDIR'],
    ['open a on /', (fs) => fs.open('/', 'a'), 'EISDIR'],
    ['open a relative path', (fs) => fs.open('d/f', 'r'), 'EINVAL'],
    ['open an empty path', (fs) => fs.open('', 'r'), 'EINVAL'],
    ['open a path with NUL', (fs) => fs.open('/d/f\0', 'r'), 'EINVAL'],
    ['rename a missing source', (fs) => fs.rename('/d/missing', '/d/x'), 'ENOENT'],
    ['rename into a missing directory', (fs) => fs.rename('/d/f', '/nope/x'), 'ENOENT'],
    ['rename a file over a directory', (fs) => fs.rename('/d/f', '/d/sub'), 'EISDIR'],
    ['rename a directory over a file', (fs) => fs.rename('/d/sub', '/d/f'), 'ENOTDIR'],
    ['rename a directory over a non-empty one', (fs) => fs.rename('/d/sub', '/d'), 'ENOTEMPTY'],
    ['rename a directory into itself', (fs) => fs.rename('/d', '/d/sub/inside'), 'EINVAL'],
    ['rename a directory onto its child name', (fs) => fs.rename('/d', '/d/x'), 'EINVAL'],
    ['rename relative', (fs) => fs.rename('d/f', '/d/x'), 'EINVAL'],
    ['link a missing file', (fs) => fs.link('/d/missing', '/d/x'), 'ENOENT'],
    ['link onto an existing name', (fs) => fs.link('/d/f', '/d/sub'), 'EEXIST'],
    ['link a directory', (fs) => fs.link('/d/sub', '/d/x'), 'EPERM'],
    ['link into a missing directory', (fs) => fs.link('/d/f', '/nope/x'), 'ENOENT'],
    ['unlink a missing name', (fs) => fs.unlink('/d/missing'), 'ENOENT'],
    ['unlink a directory', (fs) => fs.unlink('/d/sub'), 'EISDIR'],
    ['unlink under a file', (fs) => fs.unlink('/d/f/x'), 'ENOTDIR'],
    ['mkdir an existing directory', (fs) => fs.mkdir('/d'), 'EEXIST'],
    ['mkdir over a file', (fs) => fs.mkdir('/d/f'), 'EEXIST'],
    ['mkdir /', (fs) => fs.mkdir('/'), 'EEXIST'],
    ['mkdir under a missing parent', (fs) => fs.mkdir('/nope/x'), 'ENOENT'],
    ['mkdir under a file', (fs) => fs.mkdir('/d/f/x'), 'ENOTDIR'],
    ['mkdir recursive through a file', (fs) => fs.mkdir('/d/f/x/y', { recursive: true }), 'ENOTDIR'],
    ['mkdir recursive onto a file', (fs) => fs.mkdir('/d/f', { recursive: true }), 'EEXIST'],
    ['rmdir a non-empty directory', (fs) => fs.rmdir('/d'), 'ENOTEMPTY'],
    ['rmdir a file', (fs) => fs.rmdir('/d/f'), 'ENOTDIR'],
    ['rmdir a missing name', (fs) => fs.rmdir('/d/missing'), 'ENOENT'],
    ['readdir a file', (fs) => fs.readdir('/d/f'), 'ENOTDIR'],
    ['readdir a missing directory', (fs) => fs.readdir('/nope'), 'ENOENT'],
    ['stat a missing name', (fs) => fs.stat('/d/missing'), 'ENOENT'],
    ['stat under a file', (fs) => fs.stat('/d/f/x'), 'ENOTDIR'],
    ['readFile a directory', (fs) => fs.readFile('/d'), 'EISDIR'],
    ['readFile a missing file', (fs) => fs.readFile('/d/missing'), 'ENOENT'],
    ['writeFile a directory', (fs) => fs.writeFile('/d', 'x'), 'EISDIR'],
    ['writeFile wx on an existing file', (fs) => fs.writeFile('/d/f', 'x', { flag: 'wx' }), 'EEXIST'],
    ['writeFile under a missing parent', (fs) => fs.writeFile('/nope/f', 'x'), 'ENOENT'],
  ];
  for (const [name, call, code] of cases) {
    it(`${name}: ${code}`, async () => {
      const fs = await populated();
      const before = fs.imageDigest();
      expect(await codeOf(call(fs))).toBe(code);
      expect(fs.imageDigest()).toBe(before);
    });
  }

  it('errors carry code, syscall and path like Node errors', async () => {
    const fs = await populated();
    const error: unknown = await fs.rename('/d/missing', '/d/x').catch((e: unknown) => e);
    expect(isFsError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ENOENT', syscall: 'rename', path: '/d/missing', dest: '/d/x' });
  });

  it('rmdir of an empty directory works, then fails ENOENT', async () => {
    const fs = await populated();
    await fs.rmdir('/d/sub');
    expect(await codeOf(fs.rmdir('/d/sub'))).toBe('ENOENT');
  });

  it('handle calls after close fail EBADF; a second close is a no-op as in Node', async () => {
    const fs = await populated();
    const handle = await fs.open('/d/f', 'r+');
    await handle.close();
    expect(await codeOf(handle.read(new Uint8Array(1), 0, 1, null))).toBe('EBADF');
    expect(await codeOf(handle.write(bytes('x')))).toBe('EBADF');
    expect(await codeOf(handle.truncate(0))).toBe('EBADF');
    expect(await codeOf(handle.sync())).toBe('EBADF');
    expect(await codeOf(handle.datasync())).toBe('EBADF');
    expect(await codeOf(handle.stat())).toBe('EBADF');
    await expect(handle.close()).resolves.toBeUndefined();
  });

  it('access modes: write on r is EBADF, read on w/a is EBADF, truncate on r is EINVAL', async () => {
    const fs = await populated();
    const reader = await fs.open('/d/f', 'r');
    expect(await codeOf(reader.write(bytes('x')))).toBe('EBADF');
    expect(await codeOf(reader.truncate(0))).toBe('EINVAL');
    for (const flags of ['w', 'a', 'wx', 'ax'] as const) {
      const writer = await fs.open(flags.endsWith('x') ? `/d/${flags}` : '/d/f', flags);
      expect(await codeOf(writer.read(new Uint8Array(1), 0, 1, null))).toBe('EBADF');
      await writer.close();
    }
    const writer = await fs.open('/d/f', 'r+');
    await writer.truncate(-1); // Node clamps a negative length to 0 (ftruncate(2) itself would say EINVAL).
    expect((await writer.stat()).size).toBe(0);
    for (const flags of ['w+', 'a+'] as const) {
      const both = await fs.open('/d/f', flags);
      await both.write(bytes('ab'));
      expect((await both.read(new Uint8Array(2), 0, 2, 0)).bytesRead).toBe(2);
    }
  });

  it('bad buffer ranges and unknown flags throw RangeError / TypeError, as Node does', async () => {
    const fs = await populated();
    const handle = await fs.open('/d/f', 'r');
    await expect(handle.read(new Uint8Array(2), 1, 5, null)).rejects.toThrow(RangeError);
    await expect(fs.open('/d/f', 'rw' as 'r')).rejects.toThrow(TypeError);
  });
});
