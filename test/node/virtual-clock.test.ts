import perfHooks from 'node:perf_hooks';
import timers from 'node:timers';
import timersPromises from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { fixtureUrl, inRun } from './harness.js';

/**
 * The clock of a simulated process in place of the real timers and clocks (InstalledClock):
 * timers/promises as Node has it (abort, intervals), perf_hooks, and everything put back after.
 */

interface PromiseTimers {
  observe(): Promise<Record<string, unknown>>;
  keptSetTimeout: typeof setTimeout;
}

type Table = Record<string, unknown>;

/** The descriptors a simulated process replaces, to compare before and after a run. */
function descriptors(): Record<string, PropertyDescriptor | undefined> {
  const of = (target: object, key: string): PropertyDescriptor | undefined => Object.getOwnPropertyDescriptor(target, key);
  const names = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'];
  return {
    ...Object.fromEntries(names.map((name) => [`global.${name}`, of(globalThis, name)])),
    ...Object.fromEntries(names.map((name) => [`timers.${name}`, of(timers, name)])),
    ...Object.fromEntries(['setTimeout', 'setImmediate', 'setInterval'].map((name) => [`promises.${name}`, of(timersPromises, name)])),
    Date: of(globalThis, 'Date'),
    performance: of(globalThis, 'performance'),
    'perf_hooks.now': of(perfHooks.performance, 'now'),
    hrtime: of(process, 'hrtime'),
  };
}

describe('the clock of a simulated process', () => {
  it('runs timers/promises as Node does: values, intervals, and AbortErrors whose cause is the reason', async () => {
    const { result } = await inRun(5, async ({ run }) => (await run.loadFresh<PromiseTimers>(fixtureUrl('promise-timers.mjs'))).observe());
    expect(result).toEqual({
      slept: 'slept',
      promisified: 'promisified',
      immediateValue: 'immediate',
      ticks: [
        ['tick', 175],
        ['tick', 275],
        ['tick', 375],
      ],
      abortedSleep: { error: { name: 'AbortError', code: 'ABORT_ERR', cause: 'enough' } },
      abortedInterval: { error: { name: 'AbortError', code: 'ABORT_ERR', cause: 'enough' } },
      abortedBefore: { error: { name: 'AbortError', code: 'ABORT_ERR', cause: 'before' } },
      elapsedMs: 380,
      hooksElapsedMs: 380,
      mark: 'mark',
      timeOriginIsStart: true,
    });
  });

  it('puts back every timer, clock and module function it replaced, as they were', async () => {
    const before = descriptors();
    await inRun(6, async () => {
      const during = descriptors();
      for (const key of Object.keys(before)) expect(during[key], key).not.toEqual(before[key]);
      expect((globalThis as unknown as Table)['setTimeout']).toBe((timers as unknown as Table)['setTimeout']);
    });
    expect(descriptors()).toEqual(before);
  });

  it('keeps a timer function of an ended process off the clock of the process running now', async () => {
    const { result: kept } = await inRun(7, async ({ run }) => (await run.loadFresh<PromiseTimers>(fixtureUrl('promise-timers.mjs'))).keptSetTimeout);
    const { result: fired } = await inRun(8, async () => {
      let firedOnThisClock = false;
      kept(() => {
        firedOnThisClock = true;
      }, 10);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return firedOnThisClock;
    });
    expect(fired).toBe(false);
  });
});
