import { describe, expect, it } from 'vitest';
import { SimFs } from '../../sim/disk/index.js';
import { RngStreams } from '../../sim/rng.js';
import { Scheduler, schedulersTrackingClientsCount } from '../../sim/scheduler.js';
import { runScenario } from '../../sim/runner/index.js';
import { findScenario } from '../../scenarios/index.js';
import type { SchedulerStrategy } from '../../sim/scheduler.js';
import { Trace } from '../../sim/trace.js';
import { Mutex } from '../../src/wal/mutex.js';

/**
 * The scheduler on its own: every step of concurrent clients goes through it, one at a time, in
 * an order decided by the seed; clients blocked elsewhere (on a lock) do not stall it.
 */

interface Setup {
  readonly fs: SimFs;
  readonly scheduler: Scheduler;
  /** trace.count each time beforeRelease ran. */
  readonly releasedAt: number[];
}

function setup(seed: number, strategy: SchedulerStrategy = 'random'): Setup {
  const trace = new Trace();
  const releasedAt: number[] = [];
  const scheduler = new Scheduler(new RngStreams(seed).stream('scheduler'), { strategy, beforeRelease: () => releasedAt.push(trace.count) });
  const fs = new SimFs({ trace, onStep: (step) => scheduler.hook(step) });
  return { fs, scheduler, releasedAt };
}

/** Runs `clients` clients of `steps` stat calls each; returns which client took each step. */
async function interleaving(seed: number, clients: number, steps: number, strategy: SchedulerStrategy = 'random'): Promise<{ order: number[]; releasedAt: number[]; traceCount: number }> {
  const { fs, scheduler, releasedAt } = setup(seed, strategy);
  const order: number[] = [];
  await Promise.all(
    Array.from({ length: clients }, (_, client) =>
      scheduler.runAsClient(client, async () => {
        scheduler.clientStarted();
        try {
          for (let i = 0; i < steps; i++) {
            await fs.stat('/');
            order.push(client);
          }
        } finally {
          scheduler.clientFinished();
        }
      }),
    ),
  );
  return { order, releasedAt, traceCount: fs.trace.count };
}

describe('Scheduler', () => {
  it.each<SchedulerStrategy>(['random', 'pct'])('gives every step, one at a time, in an order fixed by the seed (%s)', async (strategy) => {
    const orders = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      const first = await interleaving(seed, 3, 8, strategy);
      const again = await interleaving(seed, 3, 8, strategy);
      expect(again.order).toEqual(first.order);
      expect(first.order).toHaveLength(24);
      for (let client = 0; client < 3; client++) expect(first.order.filter((c) => c === client)).toHaveLength(8);
      // beforeRelease ran once per step, each time just before that step took effect.
      expect(first.releasedAt).toEqual(Array.from({ length: 24 }, (_, i) => i));
      expect(first.traceCount).toBe(24);
      orders.add(first.order.join(''));
    }
    // Seeds explore different interleavings.
    expect(orders.size).toBeGreaterThan(strategy === 'random' ? 8 : 4); // PCT keeps priorities: fewer orders
  });

  it('random and pct explore differently from the same seed', async () => {
    let differing = 0;
    for (let seed = 1; seed <= 10; seed++) {
      if ((await interleaving(seed, 3, 8, 'random')).order.join('') !== (await interleaving(seed, 3, 8, 'pct')).order.join('')) differing++;
    }
    expect(differing).toBeGreaterThan(5);
  });

  it('lets a lone client step without holding it: the hook returns no promise', async () => {
    const { fs, scheduler } = setup(1);
    scheduler.clientStarted();
    expect(scheduler.hook({ seq: 0, call: 'stat', path: '/' })).toBeUndefined();
    await fs.stat('/');
    scheduler.clientFinished();
    expect(scheduler.stepsDispatched).toBe(2);
  });

  it('does not stall when a client waits on a lock held by a parked client (the barrier)', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { fs, scheduler } = setup(seed);
      const lock = new Mutex();
      const done: string[] = [];
      await Promise.all(
        [0, 1, 2].map((client) =>
          scheduler.runAsClient(client, async () => {
            scheduler.clientStarted();
            try {
              // Every client queues on the lock; the holder parks at each step while the others
              // are live but not parked: only the barrier can hand the holder its next step.
              await lock.run(async () => {
                await fs.mkdir(`/c${client}`);
                await fs.stat(`/c${client}`);
                done.push(`c${client}`);
              });
              await fs.stat('/');
            } finally {
              scheduler.clientFinished();
            }
          }),
        ),
      );
      expect(done).toEqual(['c0', 'c1', 'c2']);
      expect(fs.trace.count).toBe(9);
    }
  });

  it('never has two steps in flight when a step from outside the clients comes just as one finishes', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { fs, scheduler, releasedAt } = setup(seed);
      let background: Promise<unknown> = Promise.resolve();
      await Promise.all([
        scheduler.runAsClient(0, async () => {
          scheduler.clientStarted();
          try {
            await fs.stat('/');
          } finally {
            scheduler.clientFinished();
            // Work the client started but did not wait for (a store's background flush, say).
            background = fs.stat('/');
          }
        }),
        scheduler.runAsClient(1, async () => {
          scheduler.clientStarted();
          try {
            await fs.stat('/');
            await fs.stat('/');
          } finally {
            scheduler.clientFinished();
          }
        }),
      ]);
      await background;
      // One release per step, each at its own position: never two released at once.
      expect(releasedAt).toEqual(Array.from({ length: fs.trace.count }, (_, i) => i));
    }
  });

  it('stops tracking clients once ended, so async context tracking ends with the run that needed it', async () => {
    const rng = new RngStreams(1).stream('scheduler');
    // Earlier tests leave PCT schedulers that were never ended: count from here.
    const before = schedulersTrackingClientsCount();
    const recording = new Scheduler(rng, { recordSchedule: true });
    const pct = new Scheduler(rng, { strategy: 'pct' });
    new Scheduler(rng).end();
    expect(schedulersTrackingClientsCount()).toBe(before + 2);
    recording.end();
    recording.end();
    expect(schedulersTrackingClientsCount()).toBe(before + 1);
    pct.end();
    expect(schedulersTrackingClientsCount()).toBe(before);
    // Ended, it still hands out steps: they are attributed to no client.
    const fs = new SimFs({ onStep: (step) => recording.hook(step) });
    await recording.runAsClient(0, () => fs.stat('/'));
    expect(recording.schedule).toEqual([-1]);
    expect(schedulersTrackingClientsCount()).toBe(before);
  });

  it('is ended by every run that tracked clients: a recorded or PCT run leaves none tracking', async () => {
    const blob = findScenario('blob');
    if (blob === undefined) throw new Error('no blob scenario');
    const before = schedulersTrackingClientsCount();
    const recorded = await runScenario(blob, { seed: 3 }, { recordSchedule: true });
    expect(recorded.schedule.length).toBeGreaterThan(0);
    expect(schedulersTrackingClientsCount()).toBe(before);
    await runScenario(blob, { seed: 4, scheduler: 'pct' });
    expect(schedulersTrackingClientsCount()).toBe(before);
  });

  it('refuses bad options with the rule broken', () => {
    const rng = new RngStreams(1).stream('scheduler');
    expect(() => new Scheduler(rng, { strategy: 'fair' as SchedulerStrategy })).toThrow(/strategy must be one of random, pct, got fair/);
    expect(() => new Scheduler(rng, { strategy: 'pct', pctDepth: 0 })).toThrow(/pctDepth must be an integer >= 1/);
    expect(() => new Scheduler(rng, { strategy: 'pct', pctStepsEstimate: 1.5 })).toThrow(/pctStepsEstimate must be an integer >= 1/);
  });
});
