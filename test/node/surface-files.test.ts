import type { EventEmitter } from 'node:events';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SIMULATED_FD_BASE, UNSUPPORTED_CODE } from '../../sim/node/index.js';
import { ROOT, filesOf, inRun } from './harness.js';

/**
 * The fd calls and FileHandles of the facade, in Node's shapes: both read and write signatures,
 * writev and readv, syncs, truncation, stats, flags, and Node's errors.
 */

const callsOf = (records: ReadonlyArray<{ call: string; args: string; outcome: string }>): string[] => records.map((record) => `${record.call} ${record.args} ${record.outcome}`.replace(/ +/g, ' ').trim());

describe('fd calls', () => {
  it('writes and reads through both write signatures, positions, writev and readv', async () => {
    const { result, disk } = await inRun(1, async () => {
      const fd = fs.openSync(`${ROOT}/f`, 'w+');
      fs.writeSync(fd, Buffer.from('hello world'), 0, 5, null);
      fs.writeSync(fd, ' there', null, 'utf8');
      // Node 20 takes an options object here; its type declarations do not say so.
      const writeWithOptions = fs.writeSync as unknown as (fd: number, buffer: Buffer, options: { offset: number; length: number; position: number }) => number;
      writeWithOptions(fd, Buffer.from('XY'), { offset: 0, length: 2, position: 0 });
      const written = await promisify(fs.write)(fd, Buffer.from('!'), 0, 1, 11);
      const vector = fs.writevSync(fd, [Buffer.from('a'), Buffer.from('bc')], 12);
      const head = Buffer.alloc(4);
      const bytesRead = fs.readSync(fd, head, 0, 4, 0);
      const parts = [Buffer.alloc(2), Buffer.alloc(3)];
      const spread = fs.readvSync(fd, parts, 1);
      const asObject = await promisify(fs.read)(fd, Buffer.alloc(3), 0, 3, 6);
      const viaOptions = fs.readSync(fd, Buffer.alloc(8), { position: 12 });
      fs.ftruncateSync(fd, 14);
      const size = fs.fstatSync(fd).size;
      fs.fsyncSync(fd);
      fs.fdatasyncSync(fd);
      fs.closeSync(fd);
      return { fd, written, vector, head: head.toString(), bytesRead, spread, parts: parts.map(String), asObject: asObject.buffer.toString(), viaOptions, size };
    });
    expect(result.fd).toBeGreaterThanOrEqual(SIMULATED_FD_BASE);
    expect(result).toMatchObject({ vector: 3, head: 'XYll', bytesRead: 4, spread: 5, parts: ['Yl', 'lo '], asObject: 'the', viaOptions: 3, size: 14 });
    expect(result.written).toEqual({ bytesWritten: 1, buffer: Buffer.from('!') });
    expect(filesOf(disk)).toEqual({ [`${ROOT}/f`]: 'XYllo there!ab' });
  });

  it('promisifies a callback form to one function made once, which reaches the disk and keeps realpath.native', async () => {
    const { result, disk } = await inRun(1, async () => {
      const open = promisify(fs.open);
      const fd = await open(`${ROOT}/p`, 'w');
      await promisify(fs.write)(fd, Buffer.from('ok'), 0, 2, 0);
      await promisify(fs.close)(fd);
      return { same: promisify(fs.open) === open, native: (promisify(fs.realpath) as unknown as { native?: unknown }).native === fs.realpath.native };
    });
    expect(result).toEqual({ same: true, native: true });
    expect(filesOf(disk)).toEqual({ [`${ROOT}/p`]: 'ok' });
  });

  it('serves the callback forms with Node callback arguments', async () => {
    const { result } = await inRun(1, async () => {
      const fd = await new Promise<number>((resolve, reject) => fs.open(`${ROOT}/c`, 'w+', (error, value) => (error ? reject(error) : resolve(value))));
      const wrote = await new Promise<unknown[]>((resolve) => fs.write(fd, 'abc', (...args: unknown[]) => resolve(args)));
      const read = await new Promise<unknown[]>((resolve) => fs.read(fd, Buffer.alloc(3), 0, 3, 0, (...args: unknown[]) => resolve(args)));
      const readDefault = await new Promise<unknown[]>((resolve) => fs.read(fd, (...args: unknown[]) => resolve(args)));
      const closed = await new Promise<unknown[]>((resolve) => fs.close(fd, (...args: unknown[]) => resolve(args)));
      return { wrote, read, readDefault: readDefault.slice(0, 2), closed };
    });
    expect(result.wrote).toEqual([null, 3, 'abc']);
    expect(result.read).toEqual([null, 3, Buffer.from('abc')]);
    // A read without a buffer reads at the current offset (the end, after the write): nothing.
    expect(result.readDefault).toEqual([null, 0]);
    expect(result.closed).toEqual([null]);
  });

  it('maps Node flags, numeric ones included, makes O_SYNC writes a write and a datasync, and refuses the rest by name', async () => {
    const { constants } = fs;
    const { result, disk } = await inRun(1, async () => {
      const fd = fs.openSync(`${ROOT}/n`, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC);
      fs.writeSync(fd, 'numeric');
      fs.closeSync(fd);
      const syncFd = fs.openSync(`${ROOT}/s`, 'as');
      fs.writeSync(syncFd, 'synced');
      fs.closeSync(syncFd);
      try {
        fs.openSync(`${ROOT}/n`, constants.O_WRONLY | constants.O_CREAT);
        return undefined;
      } catch (error) {
        return error;
      }
    });
    expect(filesOf(disk)).toEqual({ [`${ROOT}/n`]: 'numeric', [`${ROOT}/s`]: 'synced' });
    expect(callsOf(disk.trace.records()).filter((call) => call.includes(`${ROOT}/s`) || call.startsWith('handle.'))).toContain('handle.datasync ok');
    expect(result).toMatchObject({ code: UNSUPPORTED_CODE, call: 'openSync' });
    expect(String((result as Error).message)).toContain('open flags 0o101');
  });

  it("gives Node's error shapes (errno, code, syscall, path, dest) in every form", async () => {
    const missing = `${ROOT}/missing`;
    const { result } = await inRun(1, async () => {
      const caught = (body: () => unknown): unknown => {
        try {
          return body();
        } catch (error) {
          return error;
        }
      };
      return {
        sync: caught(() => fs.readFileSync(missing)),
        callback: await new Promise((resolve) => fs.stat(missing, resolve)),
        promise: await fsp.lstat(missing).catch((error: unknown) => error),
        access: await fsp.access(missing).catch((error: unknown) => error),
        exists: caught(() => fs.mkdirSync(ROOT)),
        rename: caught(() => fs.renameSync(missing, `${ROOT}/to`)),
        badFd: caught(() => fs.fstatSync(SIMULATED_FD_BASE + 99)),
      };
    });
    expect(result.sync).toMatchObject({ errno: -2, code: 'ENOENT', syscall: 'open', path: missing, message: `ENOENT: no such file or directory, open '${missing}'` });
    expect(result.sync).toBeInstanceOf(Error);
    expect(result.callback).toMatchObject({ errno: -2, code: 'ENOENT', syscall: 'stat', path: missing });
    expect(result.promise).toMatchObject({ code: 'ENOENT', syscall: 'lstat', message: `ENOENT: no such file or directory, lstat '${missing}'` });
    expect(result.access).toMatchObject({ code: 'ENOENT', syscall: 'access' });
    expect(result.exists).toMatchObject({ errno: -17, code: 'EEXIST', syscall: 'mkdir', path: ROOT });
    expect(result.rename).toMatchObject({ code: 'ENOENT', syscall: 'rename', path: missing, dest: `${ROOT}/to` });
    expect(result.badFd).toMatchObject({ errno: -9, code: 'EBADF', syscall: 'fstat' });
  });
});

describe('FileHandle', () => {
  it("serves a FileHandle's methods, each a step, and passes its fd to the fd calls", async () => {
    const { result, disk } = await inRun(1, async () => {
      const handle = await fsp.open(`${ROOT}/h`, 'w+');
      await handle.write('first line\n');
      await handle.write(Buffer.from('second line\n'), 0, 12, null);
      await handle.appendFile('third line\n');
      await handle.sync();
      await handle.datasync();
      const stats = await handle.stat();
      const read = await handle.read({ buffer: Buffer.alloc(5), position: 0 });
      const whole = await fsp.readFile(handle);
      const sameFd = fs.fstatSync(handle.fd).size;
      await handle.chmod(0o600);
      await handle.truncate(11);
      let closed = false;
      // A FileHandle is an EventEmitter; Node 20's type declarations do not say so.
      (handle as unknown as EventEmitter).on('close', () => {
        closed = true;
      });
      await handle.close();
      const lines: string[] = [];
      const reader = await fsp.open(`${ROOT}/h`, 'r');
      for await (const line of reader.readLines()) lines.push(line);
      return { size: stats.size, isFile: stats.isFile(), read: read.buffer.toString(), bytesRead: read.bytesRead, whole: whole.toString(), sameFd, closed, fdAfter: handle.fd, lines };
    });
    expect(result).toEqual({ size: 34, isFile: true, read: 'first', bytesRead: 5, whole: '', sameFd: 34, closed: true, fdAfter: -1, lines: ['first line'] });
    expect(filesOf(disk)).toEqual({ [`${ROOT}/h`]: 'first line\n' });
    const calls = disk.trace.records().map((record) => record.call);
    expect(calls.filter((call) => call === 'handle.stat').length).toBeGreaterThanOrEqual(3);
  });
});
