import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from '../../src/fs/path.js';
import type { FileHandle } from '../../src/fs/types.js';
import { backendFactories, type Backend } from './backends.js';
import { expectFsError } from './expect-fs-error.js';

/** File handles on every backend: positions, holes, short reads, append, truncate, access modes. */

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array): string => new TextDecoder().decode(data);

describe.each(backendFactories)('handles on $name', (factory) => {
  if (factory.unavailable !== undefined) {
    it.skip(`skipped: ${factory.unavailable}`, () => undefined);
    return;
  }
  let backend: Backend;
  const open: FileHandle[] = [];
  const at = (name: string): string => join(backend.root, name);
  const track = (handle: FileHandle): FileHandle => {
    open.push(handle);
    return handle;
  };

  beforeEach(async () => {
    backend = await factory.create();
  });

  afterEach(async () => {
    for (const handle of open.splice(0)) await handle.close();
    await backend.cleanup();
  });

  it('writes at positions, reads holes as zeros and reports the size', async () => {
    const handle = track(await backend.fs.open(at('f'), 'w+'));
    expect((await handle.write(bytes('ab'), 0, 2, 5)).bytesWritten).toBe(2);
    const buffer = new Uint8Array(10).fill(9);
    const { bytesRead, buffer: returned } = await handle.read(buffer, 0, 10, 0);
    expect(bytesRead).toBe(7);
    expect(returned).toBe(buffer);
    expect([...buffer]).toEqual([0, 0, 0, 0, 0, 97, 98, 9, 9, 9]);
    expect((await handle.stat()).size).toBe(7);
    expect((await backend.fs.stat(at('f'))).size).toBe(7);
  });

  it('reads past the end return 0 bytes, reads across the end are short', async () => {
    await backend.fs.writeFile(at('f'), 'abcdef');
    const handle = track(await backend.fs.open(at('f'), 'r'));
    const buffer = new Uint8Array(4);
    expect((await handle.read(buffer, 0, 4, 100)).bytesRead).toBe(0);
    expect((await handle.read(buffer, 0, 4, 6)).bytesRead).toBe(0);
    expect((await handle.read(buffer, 1, 3, 4)).bytesRead).toBe(2);
    expect([...buffer]).toEqual([0, 101, 102, 0]);
  });

  it('a null position reads and writes at the current offset and advances it', async () => {
    const handle = track(await backend.fs.open(at('f'), 'w+'));
    await handle.write(bytes('abc'), 0, 3, null);
    await handle.write(bytes('de'), 0, 2, 0); // positional: does not move the offset
    await handle.write(bytes('fg'), 0, 2, null);
    await handle.write(bytes('XY'));
    expect(text(await backend.fs.readFile(at('f')))).toBe('decfgXY');
    expect((await handle.read(new Uint8Array(4), 0, 4, null)).bytesRead).toBe(0);
    const reader = track(await backend.fs.open(at('f'), 'r'));
    const buffer = new Uint8Array(3);
    expect((await reader.read(buffer, 0, 3, null)).bytesRead).toBe(3);
    expect((await reader.read(buffer, 0, 3, 0)).bytesRead).toBe(3);
    expect((await reader.read(buffer, 0, 3, null)).bytesRead).toBe(3);
    expect(text(buffer)).toBe('fgX');
  });

  it('write takes offset and length within the buffer', async () => {
    const handle = track(await backend.fs.open(at('f'), 'w'));
    const result = await handle.write(bytes('abcdef'), 2, 3);
    expect(result.bytesWritten).toBe(3);
    expect(text(await backend.fs.readFile(at('f')))).toBe('cde');
  });

  it("'w' truncates, 'r+' keeps, 'wx' creates", async () => {
    await backend.fs.writeFile(at('f'), 'hello');
    await track(await backend.fs.open(at('f'), 'r+')).write(bytes('J'), 0, 1, 0);
    expect(text(await backend.fs.readFile(at('f')))).toBe('Jello');
    track(await backend.fs.open(at('f'), 'w'));
    expect((await backend.fs.stat(at('f'))).size).toBe(0);
    track(await backend.fs.open(at('g'), 'wx'));
    expect((await backend.fs.stat(at('g'))).isFile()).toBe(true);
  });

  it('append handles write at the end whatever the position', async () => {
    await backend.fs.writeFile(at('f'), 'abc');
    const appender = track(await backend.fs.open(at('f'), 'a'));
    await appender.write(bytes('de'), 0, 2, 0);
    await appender.write(bytes('f'));
    expect(text(await backend.fs.readFile(at('f')))).toBe('abcdef');
    const both = track(await backend.fs.open(at('f'), 'a+'));
    const buffer = new Uint8Array(3);
    expect((await both.read(buffer, 0, 3, null)).bytesRead).toBe(3);
    expect(text(buffer)).toBe('abc');
    await both.write(bytes('g'));
    expect(text(await backend.fs.readFile(at('f')))).toBe('abcdefg');
    track(await backend.fs.open(at('new'), 'a'));
    expect((await backend.fs.stat(at('new'))).size).toBe(0);
  });

  it('a positional write on an append handle appends but leaves the offset alone (pwrite)', async () => {
    await backend.fs.writeFile(at('f'), 'xyz');
    const handle = track(await backend.fs.open(at('f'), 'a+'));
    await handle.write(bytes('ab'), 0, 2, 0);
    const buffer = new Uint8Array(8);
    expect((await handle.read(buffer, 0, 8, null)).bytesRead).toBe(5);
    expect(text(buffer.subarray(0, 5))).toBe('xyzab');
  });

  it('zero-length reads and writes succeed whatever the access mode, as Node skips the syscall', async () => {
    await backend.fs.mkdir(at('d'));
    const writeOnly = track(await backend.fs.open(at('f'), 'w'));
    expect((await writeOnly.read(new Uint8Array(1), 0, 0, null)).bytesRead).toBe(0);
    const readOnly = track(await backend.fs.open(at('f'), 'r'));
    expect((await readOnly.write(new Uint8Array(0))).bytesWritten).toBe(0);
    const directory = track(await backend.fs.open(at('d'), 'r'));
    expect((await directory.read(new Uint8Array(1), 0, 0, 0)).bytesRead).toBe(0);
  });

  it('truncate shrinks, grows with zeros, and defaults to 0', async () => {
    await backend.fs.writeFile(at('f'), 'abcdefg');
    const handle = track(await backend.fs.open(at('f'), 'r+'));
    await handle.truncate(3);
    expect(text(await backend.fs.readFile(at('f')))).toBe('abc');
    await handle.truncate(6);
    expect([...(await backend.fs.readFile(at('f')))]).toEqual([97, 98, 99, 0, 0, 0]);
    expect((await handle.stat()).size).toBe(6);
    await handle.truncate();
    expect((await handle.stat()).size).toBe(0);
  });

  it('truncate with a negative length truncates to 0, as Node clamps it', async () => {
    await backend.fs.writeFile(at('f'), 'abc');
    const handle = track(await backend.fs.open(at('f'), 'r+'));
    await handle.truncate(-1);
    expect((await backend.fs.stat(at('f'))).size).toBe(0);
  });

  it('sync, datasync and stat work on a file handle', async () => {
    const handle = track(await backend.fs.open(at('f'), 'w'));
    await handle.write(bytes('abc'));
    await handle.sync();
    await handle.datasync();
    const stats = await handle.stat();
    expect([stats.size, stats.nlink, stats.isFile(), stats.isDirectory()]).toEqual([3, 1, true, false]);
  });

  it("a directory opens with 'r' to be synced, and refuses reads, writes and truncates", async () => {
    await backend.fs.mkdir(at('d'));
    const handle = await backend.fs.open(at('d'), 'r');
    await handle.sync();
    await handle.datasync();
    const stats = await handle.stat();
    expect([stats.isDirectory(), stats.isFile()]).toEqual([true, false]);
    await expectFsError(handle.read(new Uint8Array(2), 0, 2, 0), { code: 'EISDIR', syscall: 'read' });
    await expectFsError(handle.write(bytes('x')), { code: 'EBADF', syscall: 'write' });
    await expectFsError(handle.truncate(0), { code: 'EINVAL', syscall: 'ftruncate' });
    await handle.close();
    await backend.fs.open(at('/'), 'r').then((rootHandle) => rootHandle.close());
  });

  it('the access mode of a handle is enforced', async () => {
    await backend.fs.writeFile(at('f'), 'abc');
    const writeOnly = track(await backend.fs.open(at('f'), 'a'));
    await expectFsError(writeOnly.read(new Uint8Array(3), 0, 3, 0), { code: 'EBADF', syscall: 'read' });
    const readOnly = track(await backend.fs.open(at('f'), 'r'));
    await expectFsError(readOnly.write(bytes('x'), 0, 1, 0), { code: 'EBADF', syscall: 'write' });
    await expectFsError(readOnly.truncate(0), { code: 'EINVAL', syscall: 'ftruncate' });
    const writeOnlyNew = track(await backend.fs.open(at('g'), 'w'));
    await expectFsError(writeOnlyNew.read(new Uint8Array(3), 0, 3, 0), { code: 'EBADF', syscall: 'read' });
    expect(text(await backend.fs.readFile(at('f')))).toBe('abc');
  });

  it('every call on a closed handle fails with EBADF; a second close resolves as in Node', async () => {
    const handle = await backend.fs.open(at('f'), 'w+');
    await handle.close();
    await expectFsError(handle.read(new Uint8Array(1), 0, 1, 0), { code: 'EBADF', syscall: 'read' });
    await expectFsError(handle.write(bytes('x')), { code: 'EBADF', syscall: 'write' });
    await expectFsError(handle.truncate(0), { code: 'EBADF', syscall: 'ftruncate' });
    await expectFsError(handle.sync(), { code: 'EBADF', syscall: 'fsync' });
    await expectFsError(handle.datasync(), { code: 'EBADF', syscall: 'fdatasync' });
    await expectFsError(handle.stat(), { code: 'EBADF', syscall: 'fstat' });
    // node:fs/promises resolves a second close(); the contract's backends must not be stricter,
    // or code tested on them would behave differently in production.
    await expect(handle.close()).resolves.toBeUndefined();
  });

  it('a handle keeps working after its name is unlinked or renamed', async () => {
    await backend.fs.writeFile(at('f'), 'abc');
    const handle = track(await backend.fs.open(at('f'), 'r+'));
    await backend.fs.rename(at('f'), at('g'));
    await handle.write(bytes('X'), 0, 1, 0);
    expect(text(await backend.fs.readFile(at('g')))).toBe('Xbc');
    await backend.fs.unlink(at('g'));
    await handle.write(bytes('YZ'), 0, 2, 3);
    const stats = await handle.stat();
    expect([stats.size, stats.nlink]).toEqual([5, 0]);
    const buffer = new Uint8Array(5);
    await handle.read(buffer, 0, 5, 0);
    expect(text(buffer)).toBe('XbcYZ');
  });

  it('writeFile and readFile round-trip bytes and strings', async () => {
    await backend.fs.writeFile(at('f'), 'hello');
    await backend.fs.writeFile(at('f'), new Uint8Array([1, 2]));
    const data = await backend.fs.readFile(at('f'));
    expect(data).toBeInstanceOf(Uint8Array);
    expect([...data]).toEqual([1, 2]);
    await backend.fs.writeFile(at('g'), 'héllo');
    expect(text(await backend.fs.readFile(at('g')))).toBe('héllo');
    await backend.fs.writeFile(at('g'), '!', { flag: 'a' });
    expect(text(await backend.fs.readFile(at('g')))).toBe('héllo!');
    await backend.fs.writeFile(at('h'), 'new', { flag: 'wx' });
    expect(text(await backend.fs.readFile(at('h')))).toBe('new');
    expect([...(await backend.fs.readFile(at('h')))].length).toBe(3);
  });
  it('the file keeps what was written: changing the Buffer or array afterwards changes nothing', async () => {
    // Node's Buffer#slice is a view, not a copy: a backend that copies with it would alias the
    // caller's memory, and a store reusing one write buffer would rewrite its own files.
    const buffer = Buffer.from('written once');
    const handle = track(await backend.fs.open(at('f'), 'w'));
    await handle.write(buffer, 0, buffer.length, 0);
    buffer.fill(0x41);
    await backend.fs.writeFile(at('g'), buffer.subarray(0, 4));
    buffer.fill(0x42);
    const array = bytes('plain array');
    await backend.fs.writeFile(at('h'), array);
    array.fill(0x43);
    expect(text(await backend.fs.readFile(at('f')))).toBe('written once');
    expect(text(await backend.fs.readFile(at('g')))).toBe('AAAA');
    expect(text(await backend.fs.readFile(at('h')))).toBe('plain array');
    const read = await backend.fs.readFile(at('h'));
    read.fill(0x44);
    expect(text(await backend.fs.readFile(at('h')))).toBe('plain array');
  });
});
