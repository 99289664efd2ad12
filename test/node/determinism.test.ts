import { describe, expect, it } from 'vitest';
import { RngStreams, Scheduler, SimFs, Trace } from '../../sim/index.js';
import { NodeRun, NodeRunStalledError, SIMULATED_PID } from '../../sim/node/index.js';
import { ROOT, fixtureUrl, inRun } from './harness.js';

/**
 * The process code under test runs in is a function of the seed: random values, clocks and
 * timers; virtual time moves on whenever everything waits for a timer; and everything is put
 * back after the run.
 */

interface AtomicSave {
  save(root: string, text: string): Promise<{ attempt: number; temp: string }>;
  makeOutLater(root: string, delayMs: number): Promise<void>;
}

/** Two clients under the seeded scheduler: one saves (retrying its rename), one makes the directory later. */
async function concurrentSave(seed: number): Promise<{ hash: string; attempt: number; temp: string; calls: string[] }> {
  const trace = new Trace();
  const scheduler = new Scheduler(new RngStreams(seed).stream('scheduler'));
  const disk = new SimFs({ trace, seed, readdirOrder: 'shuffled', onStep: (step) => scheduler.hook(step) });
  await disk.mkdir(ROOT);
  const run = new NodeRun({ disk, root: ROOT, seed });
  const saved = await run.execute(async () => {
    const target = await run.loadFresh<AtomicSave>(fixtureUrl('atomic-save.mjs'));
    const client = <T>(id: number, body: () => Promise<T>): Promise<T> =>
      scheduler.runAsClient(id, async () => {
        scheduler.clientStarted();
        try {
          return await body();
        } finally {
          scheduler.clientFinished();
        }
      });
    const [result] = await Promise.all([client(0, () => target.save(ROOT, 'v1')), client(1, () => target.makeOutLater(ROOT, 250))]);
    return result;
  });
  return { hash: trace.hash(), ...saved, calls: trace.records().map((record) => `${record.call} ${record.outcome}`) };
}

describe('a deterministic process for code under test', () => {
  it('gives the same trace hash twice for a seed, with random temp names and retries on timers', async () => {
    const startedMs = performance.now();
    const first = await concurrentSave(5);
    const second = await concurrentSave(5);
    const other = await concurrentSave(6);
    expect(second).toEqual(first);
    // The retries waited on 100 ms timers in virtual time: three failed renames, then success.
    expect(first.attempt).toBe(3);
    expect(first.calls.filter((call) => call.startsWith('rename'))).toEqual(['rename ENOENT', 'rename ENOENT', 'rename ENOENT', 'rename ok']);
    expect(first.temp).toContain(`.${SIMULATED_PID}.tmp`);
    // Another seed draws another temp name, so another trace.
    expect(other.temp).not.toBe(first.temp);
    expect(other.hash).not.toBe(first.hash);
    expect(performance.now() - startedMs).toBeLessThan(5000);
  });

  it('draws random values, clocks and timers from the seed, and moves virtual time on when everything waits', async () => {
    const observe = async (seed: number): Promise<Record<string, unknown>> =>
      (await inRun(seed, async ({ run }) => (await run.loadFresh<{ observe(): Promise<Record<string, unknown>> }>(fixtureUrl('clocks.mjs'))).observe())).result;
    const startedMs = performance.now();
    const first = await observe(11);
    expect(await observe(11)).toEqual(first);
    const other = await observe(12);
    for (const key of ['startedMs', 'random', 'uuid', 'webUuid', 'values', 'dateString']) expect(other[key], key).not.toEqual(first[key]);
    // 7 ms promisified, ten minutes, an immediate, 5 ms and three 1 s intervals of virtual time, in well under a real second.
    const virtualMs = 7 + 10 * 60 * 1000 + 5 + 3000;
    expect(first['elapsedMs']).toBe(virtualMs);
    expect(first['elapsedHrNs']).toBe(String(virtualMs * 1e6));
    // ESM named imports of the builtins (bound once, not at each run) reach the simulated process too.
    expect(first['namedElapsedHrNs']).toBe(String(virtualMs * 1e6));
    expect(first['pid']).toBe(SIMULATED_PID);
    expect(first['namedPid']).toBe(SIMULATED_PID);
    expect(first['threadId']).toBe(0);
    expect(new Date(first['startedMs'] as number).getUTCFullYear()).toBe(2026);
    expect(performance.now() - startedMs).toBeLessThan(3000);
  });

  it('puts the real process back after the run', async () => {
    const realRandom = Math.random;
    const realDate = Date;
    const realPid = process.pid;
    const realSetTimeout = globalThis.setTimeout;
    await inRun(1, async () => {
      expect(Math.random).not.toBe(realRandom);
      expect(Date).not.toBe(realDate);
      expect(process.pid).toBe(SIMULATED_PID);
    });
    expect(Math.random).toBe(realRandom);
    expect(Date).toBe(realDate);
    expect(process.pid).toBe(realPid);
    expect(globalThis.setTimeout).toBe(realSetTimeout);
    expect(Math.abs(Date.now() - new realDate().getTime())).toBeLessThan(1000);
  });

  it('rejects a run that waits for something no run can give (no timer, no disk call)', async () => {
    const disk = new SimFs();
    const run = new NodeRun({ disk, root: ROOT, seed: 1, stallTurnsMax: 50 });
    const running = run.execute(async () => (await run.loadFresh<{ never(): Promise<void> }>(fixtureUrl('clocks.mjs'))).never());
    await expect(running).rejects.toBeInstanceOf(NodeRunStalledError);
  });
});
