import { describe, expect, it } from 'vitest';
import { SimFs } from '../../../sim/disk/index.js';
import { FaultInjector, parseFaultSpec } from '../../../sim/faults/index.js';
import { RngStreams } from '../../../sim/rng.js';
import { codeOf, syncPath } from '../disk/helpers.js';

/** rot: bits of a file at rest that a read finds rotted, for good; never a file with unsynced data. */

function rottingDisk(spec: string): { fs: SimFs; injector: FaultInjector } {
  const injector = new FaultInjector(parseFaultSpec(spec), new RngStreams(1).stream('faults'));
  const fs = new SimFs({ faults: injector });
  injector.active = true;
  return { fs, injector };
}

const ZEROS = new Uint8Array(64);

function differingBits(a: Uint8Array, b: Uint8Array): number {
  let bits = 0;
  for (let i = 0; i < a.length; i++) for (let x = (a[i] as number) ^ (b[i] as number); x !== 0; x &= x - 1) bits++;
  return bits;
}

async function writeDurably(fs: SimFs, path: string): Promise<void> {
  const handle = await fs.open(path, 'w');
  await handle.write(ZEROS, 0, ZEROS.length, 0);
  await handle.sync();
  await handle.close();
  await syncPath(fs, '/');
}

describe('rot', () => {
  it('flips k bits inside the range a read returns, in the durable data too, and logs them', async () => {
    const { fs, injector } = rottingDisk('rot(3):opKind(read)&onIndex(0)');
    await writeDurably(fs, '/f');
    const handle = await fs.open('/f', 'r');
    const buffer = new Uint8Array(16);
    await handle.read(buffer, 0, 16, 32);
    expect(differingBits(buffer, ZEROS.subarray(0, 16))).toBe(3);
    await handle.close();
    // For good: the next read (not rotted again) and the disk after a crash see the same damage.
    const after = await fs.readFile('/f');
    expect(differingBits(after, ZEROS)).toBe(3);
    expect(differingBits(after.subarray(32, 48), buffer)).toBe(0);
    expect(differingBits(await fs.crash({ profile: 'posix' }).readFile('/f'), ZEROS)).toBe(3);
    expect(injector.injected.map((fault) => [fault.fault, fault.call, fault.path])).toEqual([['rot', 'read', '/f']]);
    expect(injector.injected[0]?.detail).toMatch(/^flipped bits (\d+, ){2}\d+ \(byte \d+, \d+, \d+\) before the read returned them$/);
  });

  it('leaves a file with unsynced changes alone: a read of it is served from memory', async () => {
    const { fs, injector } = rottingDisk('rot(3)');
    const handle = await fs.open('/f', 'w+');
    await handle.write(ZEROS, 0, ZEROS.length, 0);
    const buffer = new Uint8Array(64);
    await handle.read(buffer, 0, 64, 0);
    expect(differingBits(buffer, ZEROS)).toBe(0);
    expect(injector.injected).toEqual([]);
  });

  it('damages the file an open handle reads, even once its name is gone or names another file', async () => {
    const { fs, injector } = rottingDisk('rot:opKind(read)');
    await writeDurably(fs, '/f');
    const handle = await fs.open('/f', 'r');
    await fs.writeFile('/g', new Uint8Array(2));
    await fs.rename('/g', '/f');
    const buffer = new Uint8Array(16);
    await handle.read(buffer, 0, 16, 48);
    expect(differingBits(buffer, ZEROS.subarray(0, 16))).toBe(1);
    await handle.close();
    // The file now at /f was never read through the handle: it is intact.
    expect(await fs.readFile('/f')).toEqual(new Uint8Array(2));
    expect(injector.injected.map((fault) => [fault.fault, fault.call, fault.path])).toEqual([['rot', 'read', '/f']]);
  });

  it('comes before an eio-read on the same call, which still fails it', async () => {
    const { fs, injector } = rottingDisk('rot:pathMatch(/f);eio-read:pathMatch(/f)');
    await writeDurably(fs, '/f');
    expect(await codeOf(fs.readFile('/f'))).toBe('EIO');
    expect(injector.injected.map((fault) => fault.fault)).toEqual(['rot', 'eio-read']);
  });

  it('marks what it injects while the store recovers, whose steps are the recovery disk\'s', async () => {
    const injector = new FaultInjector(parseFaultSpec('rot:phase(recovery)'), new RngStreams(1).stream('faults'), 'recovery');
    const fs = new SimFs({ faults: injector });
    await writeDurably(fs, '/f');
    injector.active = true;
    await fs.readFile('/f');
    expect(injector.injected.map((fault) => [fault.fault, fault.phase])).toEqual([['rot', 'recovery']]);
  });

  it('takes a bit count like bitflip, and a phase unlike it', () => {
    expect(() => parseFaultSpec('rot(0)')).toThrow(/rot's bit count must be an integer from 1/);
    expect(() => parseFaultSpec('eio-read(2)')).toThrow(/only bitflip and rot take an argument/);
    expect(parseFaultSpec('rot:phase(recovery)').hasRecoveryFaults).toBe(true);
  });
});
