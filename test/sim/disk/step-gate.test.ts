import { describe, expect, it } from 'vitest';
import { SimFs, isSimulatedCrash } from '../../../sim/disk/index.js';
import type { FileHandle } from '../../../src/fs/types.js';
import { bytes } from './helpers.js';

/** The one step every SimFs call goes through: how it settles, and how it fails. */

/** Microtask turns until `promise` settles (either way), counted by yielding one turn at a time. */
async function turnsToSettle(promise: Promise<unknown>): Promise<number> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  let turns = 0;
  while (!settled && turns < 100) {
    await Promise.resolve();
    turns++;
  }
  return turns;
}

/** Every contract call and handle call once, each returning its promise. */
function everyCall(fs: SimFs, handle: FileHandle): Array<[string, () => Promise<unknown>]> {
  return [
    ['open', () => fs.open('/f', 'r')],
    ['rename', () => fs.rename('/f', '/g')],
    ['link', () => fs.link('/f', '/h')],
    ['unlink', () => fs.unlink('/f')],
    ['mkdir', () => fs.mkdir('/d')],
    ['rmdir', () => fs.rmdir('/d')],
    ['readdir', () => fs.readdir('/')],
    ['stat', () => fs.stat('/f')],
    ['readFile', () => fs.readFile('/f')],
    ['writeFile', () => fs.writeFile('/f', 'x')],
    ['handle.read', () => handle.read(new Uint8Array(4), 0, 4, 0)],
    ['handle.write', () => handle.write(bytes('y'), 0, 1, 0)],
    ['handle.truncate', () => handle.truncate(1)],
    ['handle.sync', () => handle.sync()],
    ['handle.datasync', () => handle.datasync()],
    ['handle.stat', () => handle.stat()],
    ['handle.close', () => handle.close()],
  ];
}

/** A fresh disk holding `/f`, with a handle open on it, for each call in turn. */
async function freshCall(index: number, options: ConstructorParameters<typeof SimFs>[0] = {}): Promise<{ fs: SimFs; call: () => Promise<unknown> }> {
  const fs = new SimFs(options);
  await fs.writeFile('/f', 'abc');
  const handle = await fs.open('/f', 'r+');
  return { fs, call: (everyCall(fs, handle)[index] as [string, () => Promise<unknown>])[1] };
}

const CALLS = everyCall(new SimFs(), {} as FileHandle).map(([name]) => name);

describe('one step per call', () => {
  it('an unheld call settles in the turns of a plain async function: it awaits nothing', async () => {
    const plain = await turnsToSettle((async () => 1)());
    for (const [index, name] of CALLS.entries()) {
      const { call } = await freshCall(index);
      expect([name, await turnsToSettle(call())]).toEqual([name, plain]);
    }
  });

  it('a held call awaits exactly the hook promise', async () => {
    const plain = await turnsToSettle((async () => 1)());
    for (const [index, name] of CALLS.entries()) {
      let hold = false;
      const { call } = await freshCall(index, { onStep: () => (hold ? Promise.resolve() : undefined) });
      hold = true;
      expect([name, await turnsToSettle(call())]).toEqual([name, plain + 1]);
    }
  });

  it('on a dead disk every call returns a rejected promise, never throws', async () => {
    for (const [index, name] of CALLS.entries()) {
      const { fs, call } = await freshCall(index);
      fs.crash({ profile: 'process' });
      let promise: Promise<unknown> | undefined;
      expect(() => (promise = call())).not.toThrow();
      expect([name, isSimulatedCrash(await (promise as Promise<unknown>).catch((e: unknown) => e))]).toEqual([name, true]);
    }
  });

  it('arguments of the wrong type reject with a TypeError and are traced', async () => {
    const fs = new SimFs();
    const data: unknown = undefined;
    await expect(fs.writeFile('/f', data as string)).rejects.toThrow(/SimFs writeFile: data must be a string or a Uint8Array/);
    const flags: unknown = Symbol('w');
    await expect(fs.open('/f', flags as 'w')).rejects.toThrow(/SimFs open: flags must be one of/);
    expect(fs.trace.records().map((record) => [record.call, record.args, record.outcome])).toEqual([
      ['writeFile', 'flag=w len=undefined', 'TypeError'],
      ['open', 'flags=Symbol(w)', 'TypeError'],
    ]);
  });
});
