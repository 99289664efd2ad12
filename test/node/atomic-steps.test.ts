import { describe, expect, it } from 'vitest';
import { RngStreams, Scheduler, SimFs, Trace, isSimulatedCrash } from '../../sim/index.js';
import type { StepInfo } from '../../sim/index.js';

/**
 * SimFs.atomically: one call of the disk taken as an atomic step, its outcome known before
 * `atomically` returns. What Node's synchronous fs calls are built on.
 */

describe('SimFs.atomically', () => {
  it('returns what the call resolves to, synchronously, and traces it as a step announced atomic', () => {
    const steps: StepInfo[] = [];
    const disk = new SimFs({ onStep: (step) => void steps.push(step) });
    const handle = disk.atomically(() => disk.open('/f', 'w'));
    const written = disk.atomically(() => handle.write(new TextEncoder().encode('abc')));
    disk.atomically(() => handle.close());
    expect(written.bytesWritten).toBe(3);
    expect(steps.map((step) => [step.call, step.atomic])).toEqual([['open', true], ['handle.write', true], ['handle.close', true]]);
    expect(disk.trace.records().map((record) => record.call)).toEqual(['open', 'handle.write', 'handle.close']);
  });

  it('throws what the call rejects with, synchronously', () => {
    const disk = new SimFs();
    expect(() => disk.atomically(() => disk.stat('/missing'))).toThrow(expect.objectContaining({ code: 'ENOENT', syscall: 'stat' }));
  });

  it('refuses a hook that holds an atomic step, and a call that is not a step of this disk', () => {
    const held = new SimFs({ onStep: () => Promise.resolve() });
    expect(() => held.atomically(() => held.stat('/'))).toThrow(/atomic steps cannot be held/);
    const other = new SimFs();
    const disk = new SimFs();
    expect(() => disk.atomically(() => other.stat('/'))).toThrow(/took no step of this disk/);
  });

  it('fails with the crash error on a crashed disk', () => {
    const disk = new SimFs();
    disk.crash();
    let caught: unknown;
    try {
      disk.atomically(() => disk.stat('/'));
    } catch (error) {
      caught = error;
    }
    expect(isSimulatedCrash(caught)).toBe(true);
  });

  it('lets an atomic step through the scheduler at once, as a crash point, while other clients are parked', async () => {
    const trace = new Trace();
    const released: number[] = [];
    const scheduler = new Scheduler(new RngStreams(1).stream('scheduler'), { beforeRelease: () => released.push(trace.count) });
    const disk = new SimFs({ trace, onStep: (step) => scheduler.hook(step) });
    scheduler.clientStarted();
    scheduler.clientStarted();
    // Client 0 parks (client 1 has not reached a step yet); client 1 then takes atomic steps.
    const parked = disk.mkdir('/a');
    disk.atomically(() => disk.mkdir('/b'));
    disk.atomically(() => disk.stat('/b'));
    expect(trace.records().map((record) => record.path)).toEqual(['/b', '/b']);
    expect(released).toEqual([0, 1]);
    scheduler.clientFinished();
    await parked;
    scheduler.clientFinished();
    expect(trace.records().map((record) => record.path)).toEqual(['/b', '/b', '/a']);
  });
});
