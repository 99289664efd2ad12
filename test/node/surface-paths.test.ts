import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, filesOf, inRun } from './harness.js';

/**
 * The path calls of the facade: names, directories, whole files split into the steps Node makes,
 * and streams.
 */

function callsOf(records: ReadonlyArray<{ call: string; args: string; outcome: string }>): string[] {
  return records.map((record) => `${record.call} ${record.args} ${record.outcome}`.replace(/ +/g, ' ').trim());
}

describe('whole-file calls are the steps Node makes, each a crash point', () => {
  it('splits writeFile, appendFile, readFile, copyFile and truncate into open, reads or writes, close', async () => {
    const { disk } = await inRun(1, async () => {
      await fsp.writeFile(`${ROOT}/a`, 'abc');
      fs.appendFileSync(`${ROOT}/a`, 'def');
      await fsp.readFile(`${ROOT}/a`);
      fs.copyFileSync(`${ROOT}/a`, `${ROOT}/b`, fs.constants.COPYFILE_EXCL);
      await fsp.truncate(`${ROOT}/b`, 2);
    });
    expect(callsOf(disk.trace.records().slice(1))).toEqual([
      'open flags=w ok', 'handle.write pos=cur len=3 ok 3', 'handle.close ok',
      'open flags=a ok', 'handle.write pos=end len=3 ok 3', 'handle.close ok',
      'open flags=r ok', 'handle.stat ok', 'handle.read pos=cur len=6 ok 6', 'handle.close ok',
      'open flags=r ok', 'handle.stat ok', 'handle.read pos=cur len=6 ok 6', 'open flags=wx ok', 'handle.write pos=cur len=6 ok 6', 'handle.close ok', 'handle.close ok',
      'open flags=r+ ok', 'handle.truncate len=2 ok', 'handle.close ok',
    ]);
    expect(filesOf(disk)).toEqual({ [`${ROOT}/a`]: 'abcdef', [`${ROOT}/b`]: 'ab' });
  });

  it('makes directories recursively as Node does (mkdir, ENOENT, the parent first) and removes trees as rm does', async () => {
    const { result, disk } = await inRun(1, async () => {
      const first = fs.mkdirSync(`${ROOT}/x/y/z`, { recursive: true });
      const again = await fsp.mkdir(`${ROOT}/x/y`, { recursive: true });
      fs.writeFileSync(`${ROOT}/x/y/file`, '1');
      const notADir = await fsp.mkdir(`${ROOT}/x/y/file/sub`, { recursive: true }).catch((error: unknown) => error);
      const isDir = await fsp.rm(`${ROOT}/x`).catch((error: unknown) => error);
      await fsp.rm(`${ROOT}/x`, { recursive: true });
      await fsp.rm(`${ROOT}/gone`, { force: true });
      return { first, again, notADir, isDir };
    });
    expect(result.first).toBe(`${ROOT}/x`);
    expect(result.again).toBeUndefined();
    expect(result.notADir).toMatchObject({ code: 'ENOTDIR', syscall: 'mkdir' });
    expect(result.isDir).toMatchObject({ code: 'ERR_FS_EISDIR' });
    const steps = callsOf(disk.trace.records().slice(1));
    expect(steps.slice(0, 5)).toEqual(['mkdir ENOENT', 'mkdir ENOENT', 'mkdir ok', 'mkdir ok', 'mkdir ok']);
    expect(steps).toContain('rmdir ENOTEMPTY');
    expect(filesOf(disk)).toEqual({});
    expect(disk.toImage()).toEqual({ kind: 'dir', entries: { [ROOT.slice(1)]: { kind: 'dir', entries: {} } } });
  });
});

describe('names and directories', () => {
  it('serves rename, link, unlink, rmdir, readdir (with file types), stat, exists, realpath and access', async () => {
    const { result } = await inRun(1, async () => {
      fs.mkdirSync(`${ROOT}/d`);
      fs.writeFileSync(`${ROOT}/d/one`, '1');
      fs.linkSync(`${ROOT}/d/one`, `${ROOT}/d/two`);
      await fsp.rename(`${ROOT}/d/two`, `${ROOT}/three`);
      const entries = fs.readdirSync(ROOT, { withFileTypes: true }).map((entry) => `${entry.name}:${entry.isDirectory() ? 'dir' : 'file'}`);
      const stats = fs.statSync(`${ROOT}/three`);
      const missing = fs.statSync(`${ROOT}/nope`, { throwIfNoEntry: false });
      const exists = [fs.existsSync(`${ROOT}/three`), fs.existsSync(`${ROOT}/nope`), await promisify(fs.exists)(`${ROOT}/d`)];
      const realpaths = [fs.realpathSync(`${ROOT}/d/../three`), await promisify(fs.realpath.native)(`${ROOT}/d/./one`), fs.realpathSync.native(`${ROOT}/d`)];
      await fsp.access(`${ROOT}/three`, fs.constants.W_OK);
      fs.unlinkSync(`${ROOT}/three`);
      fs.unlinkSync(`${ROOT}/d/one`);
      fs.rmdirSync(`${ROOT}/d`);
      return { entries, size: stats.size, nlink: stats.nlink, isFile: stats.isFile(), mtime: stats.mtime instanceof Date, missing, exists, realpaths, left: await fsp.readdir(ROOT) };
    });
    expect(result).toEqual({
      entries: ['d:dir', 'three:file'],
      size: 1,
      nlink: 2,
      isFile: true,
      mtime: true,
      missing: undefined,
      exists: [true, false, true],
      realpaths: [`${ROOT}/three`, `${ROOT}/d/one`, `${ROOT}/d`],
      left: [],
    });
  });

  it('takes a step for chmod, chown and utimes and changes nothing; draws mkdtemp names from the seed', async () => {
    const temps = async (seed: number): Promise<{ names: string[]; steps: string[] }> => {
      const { result, disk } = await inRun(seed, async () => {
        fs.writeFileSync(`${ROOT}/m`, 'm');
        fs.chmodSync(`${ROOT}/m`, 0o600);
        await fsp.chown(`${ROOT}/m`, 0, 0);
        fs.utimesSync(`${ROOT}/m`, 1, 1);
        return [fs.mkdtempSync(`${ROOT}/tmp-`), await fsp.mkdtemp(`${ROOT}/tmp-`)];
      });
      return { names: result, steps: callsOf(disk.trace.records().slice(4, 7)) };
    };
    const first = await temps(3);
    expect(first.steps).toEqual(['stat ok', 'stat ok', 'stat ok']);
    expect(first.names[0]).toMatch(new RegExp(`^${ROOT}/tmp-[A-Za-z0-9]{6}$`));
    expect(first.names[0]).not.toBe(first.names[1]);
    expect((await temps(3)).names).toEqual(first.names);
    expect((await temps(4)).names).not.toEqual(first.names);
  });
});

describe('streams', () => {
  it('writes and reads files through createWriteStream and createReadStream, on paths and on FileHandles', async () => {
    const { result, disk } = await inRun(1, async () => {
      const out = fs.createWriteStream(`${ROOT}/log`);
      for (const line of ['a\n', 'b\n', 'c\n']) out.write(line);
      await new Promise<void>((resolve, reject) => out.end(() => resolve()).on('error', reject));
      await pipeline(fs.createReadStream(`${ROOT}/log`, { start: 2 }), fs.createWriteStream(`${ROOT}/copy`, { flags: 'a' }));
      const handle = await fsp.open(`${ROOT}/copy`, 'r');
      const chunks: string[] = [];
      for await (const chunk of handle.createReadStream({ encoding: 'utf8' })) chunks.push(String(chunk));
      return chunks.join('');
    });
    expect(result).toBe('b\nc\n');
    expect(filesOf(disk)).toEqual({ [`${ROOT}/log`]: 'a\nb\nc\n', [`${ROOT}/copy`]: 'b\nc\n' });
  });
});
