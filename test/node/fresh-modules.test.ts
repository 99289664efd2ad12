import { describe, expect, it } from 'vitest';
import { fixtureUrl, importNatively, inRun } from './harness.js';

/**
 * Module-level state of code under test never leaks from one run into the next: each run loads
 * the target afresh, its ESM and CommonJS dependencies included.
 */

interface Counter {
  next(): { own: number; esm: number; cjs: number };
}

describe('fresh modules per run', () => {
  it('starts every run with fresh module state, in the module and in its ESM and CommonJS dependencies', async () => {
    const counts = async (): Promise<Array<{ own: number; esm: number; cjs: number }>> =>
      (
        await inRun(1, async ({ run }) => {
          const counter = await run.loadFresh<Counter>(fixtureUrl('counter.mjs'));
          return [counter.next(), counter.next()];
        })
      ).result;
    const first = await counts();
    expect(first).toEqual([{ own: 1, esm: 1, cjs: 1 }, { own: 2, esm: 2, cjs: 2 }]);
    expect(await counts()).toEqual(first);
    expect(await counts()).toEqual(first);
  });

  it('shares one instance between the loads of one run', async () => {
    const { result } = await inRun(1, async ({ run }) => {
      const a = await run.loadFresh<Counter>(fixtureUrl('counter.mjs'));
      const b = await run.loadFresh<Counter>(fixtureUrl('counter.mjs'));
      a.next();
      return b.next();
    });
    expect(result).toEqual({ own: 2, esm: 2, cjs: 2 });
  });

  it('would leak without it: a module imported once keeps counting across runs', async () => {
    const shared = await importNatively<Counter>(fixtureUrl('counter.mjs'));
    const first = (await inRun(1, async () => shared.next())).result;
    const second = (await inRun(1, async () => shared.next())).result;
    expect(second.own).toBe(first.own + 1);
  });

  it('loads a module named by a file path, relative to a parent URL', async () => {
    const { result } = await inRun(1, async ({ run }) => {
      const byPath = await run.loadFresh<Counter>(new URL(fixtureUrl('counter.mjs')).pathname);
      const byRelative = await run.loadFresh<Counter>('./fixtures/counter.mjs', import.meta.url);
      byPath.next();
      return byRelative.next().own;
    });
    expect(result).toBe(2);
  });
});
