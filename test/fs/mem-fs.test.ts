import { describe, expect, it } from 'vitest';
import { createMemFs } from '../../src/fs/mem-fs.js';
import { expectFsError } from '../conformance/expect-fs-error.js';

/**
 * MemFs-specific behaviour. The conformance suite pins the contract on all backends; these cases
 * pin the places where the adapter corrects memfs to match Linux, found by the differential tests
 * against the real disk, plus the adapter's own promises (isolation, no aliasing, atomic calls).
 */

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array): string => new TextDecoder().decode(data);

describe('createMemFs', () => {
  it('gives independent filesystems holding only /', async () => {
    const first = createMemFs();
    const second = createMemFs();
    await first.writeFile('/f', 'x');
    expect(await first.readdir('/')).toEqual(['f']);
    expect(await second.readdir('/')).toEqual([]);
  });

  it('copies bytes in and out: neither the written nor the read buffer aliases the file', async () => {
    const fs = createMemFs();
    const source = bytes('abc');
    await fs.writeFile('/f', source);
    source[0] = 0x7a;
    const handle = await fs.open('/f', 'r+');
    const chunk = bytes('XY');
    await handle.write(chunk, 0, 2, 1);
    chunk[0] = 0x7a;
    await handle.close();
    const read = await fs.readFile('/f');
    read[2] = 0x7a;
    expect(text(await fs.readFile('/f'))).toBe('aXY');
  });

  it('runs overlapping calls atomically, each one whole', async () => {
    const fs = createMemFs();
    await fs.mkdir('/d');
    const results = await Promise.allSettled(['a', 'b', 'c'].map((name) => fs.writeFile(`/d/${name}`, name).then(() => fs.rename(`/d/${name}`, '/d/final'))));
    expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
    expect(await fs.readdir('/d')).toEqual(['final']);
    expect(['a', 'b', 'c']).toContain(text(await fs.readFile('/d/final')));
  });

  it('answers rename in Linux order: parents first, then the ancestor traps', async () => {
    const fs = createMemFs();
    await fs.writeFile('/file', 'x');
    // The source is missing, but the destination's parent is a file: ENOTDIR wins.
    await expectFsError(fs.rename('/missing', '/file/x'), { code: 'ENOTDIR', syscall: 'rename', path: '/missing', dest: '/file/x' });
    await fs.mkdir('/d');
    await fs.writeFile('/d/f', 'x');
    // A file renamed onto its own parent: the destination is not empty (not EISDIR).
    await expectFsError(fs.rename('/d/f', '/d'), { code: 'ENOTEMPTY', syscall: 'rename', path: '/d/f', dest: '/d' });
  });

  it('answers link of a directory in Linux order: EEXIST and ENOENT before EPERM', async () => {
    const fs = createMemFs();
    await fs.mkdir('/d');
    await expectFsError(fs.link('/d', '/d'), { code: 'EEXIST', syscall: 'link', path: '/d', dest: '/d' });
    await expectFsError(fs.link('/d', '/missing/x'), { code: 'ENOENT', syscall: 'link', path: '/d', dest: '/missing/x' });
    await expectFsError(fs.link('/d', '/e'), { code: 'EPERM', syscall: 'link', path: '/d', dest: '/e' });
  });

  it('refuses to link under a file', async () => {
    const fs = createMemFs();
    await fs.writeFile('/f', 'x');
    await expectFsError(fs.link('/f', '/f/g'), { code: 'ENOTDIR', syscall: 'link', path: '/f', dest: '/f/g' });
  });

  it('keeps the offset of an append handle on positional writes, as Linux does', async () => {
    const fs = createMemFs();
    await fs.writeFile('/f', 'xyz');
    const handle = await fs.open('/f', 'a+');
    await handle.write(bytes('ab'), 0, 2, 0);
    const buffer = new Uint8Array(10);
    expect((await handle.read(buffer, 0, 10, null)).bytesRead).toBe(5);
    expect(text(buffer.subarray(0, 5))).toBe('xyzab');
    await handle.write(bytes('c'));
    expect((await handle.read(buffer, 0, 10, null)).bytesRead).toBe(0);
    await handle.close();
  });

  it('answers zero-length reads and writes without checking the access mode, as Node does', async () => {
    const fs = createMemFs();
    const writeOnly = await fs.open('/f', 'w');
    expect((await writeOnly.read(new Uint8Array(1), 0, 0, null)).bytesRead).toBe(0);
    const readOnly = await fs.open('/f', 'r');
    expect((await readOnly.write(new Uint8Array(0))).bytesWritten).toBe(0);
    await writeOnly.close();
    await readOnly.close();
    await expectFsError(readOnly.write(new Uint8Array(0)), { code: 'EBADF', syscall: 'write' });
  });

  it('rejects an unknown open flag with EINVAL', async () => {
    const fs = createMemFs();
    await expectFsError(fs.open('/f', 'rw' as 'r'), { code: 'EINVAL', syscall: 'open', path: '/f' });
  });
});
