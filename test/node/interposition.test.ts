import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT, filesOf, fixtureUrl, importNatively, inRun } from './harness.js';

/**
 * Code written with plain node:fs, loaded by Node as it is, reaches the simulated disk through
 * every import style, including functions it kept at load time and a module that wraps fs.
 */

interface Exercise {
  exercise(root: string): Promise<string>;
}

describe('node:fs interposition', () => {
  it('serves ESM code: default and named imports, node: and bare specifiers, fs/promises and fs.promises', async () => {
    const { result, disk, run } = await inRun(1, async ({ run }) => (await run.loadFresh<Exercise>(fixtureUrl('esm-imports.mjs'))).exercise(ROOT));
    expect(result).toBe('abcdef');
    expect(Object.keys(filesOf(disk)).sort()).toEqual(
      ['bare-callback', 'default-sync', 'fs-promises', 'named-promise', 'named-sync', 'namespace-promise'].map((name) => `${ROOT}/esm/${name}`),
    );
    expect(run.violations).toEqual([]);
    expect(existsSync(ROOT)).toBe(false);
  });

  it('serves CommonJS code: require of fs, node:fs and fs/promises, and fs.promises', async () => {
    const { result, disk } = await inRun(1, async ({ run }) => (await run.loadFresh<Exercise>(fixtureUrl('cjs-requires.cjs'))).exercise(ROOT));
    expect(result).toBe('bacd');
    expect(Object.keys(filesOf(disk))).toHaveLength(4);
    expect(existsSync(ROOT)).toBe(false);
  });

  it('serves sync-only code, each sync call an atomic step announced as such', async () => {
    const announced: Array<{ call: string; atomic: boolean }> = [];
    const { result, disk } = await inRun(
      1,
      async ({ run }) => (await run.loadFresh<{ save(dir: string, name: string, text: string): unknown }>(fixtureUrl('sync-only.cjs'))).save(`${ROOT}/conf`, 'config.json', '{"a":1}'),
      { onStep: (step) => void announced.push({ call: step.call, atomic: step.atomic === true }) },
    );
    expect(result).toEqual({ exists: true, size: 7, names: ['config.json'], text: '{"a":1}' });
    expect(filesOf(disk)).toEqual({ [`${ROOT}/conf/config.json`]: '{"a":1}' });
    // The first step is the harness making the root; every step of the fixture was synchronous.
    const fixtureSteps = announced.slice(1);
    expect(fixtureSteps.slice(0, 7).map((step) => step.call)).toEqual(['mkdir', 'open', 'handle.write', 'handle.sync', 'handle.close', 'rename', 'open']);
    expect(fixtureSteps.every((step) => step.atomic)).toBe(true);
    expect(announced[0]?.atomic).toBe(false);
  });

  it('serves graceful-fs, which copies and wraps fs functions when it loads', async () => {
    const { result, disk } = await inRun(1, async ({ run }) => (await run.loadFresh<{ save(path: string, text: string): Promise<string> }>(fixtureUrl('with-graceful-fs.cjs'))).save(`${ROOT}/g.json`, 'graceful'));
    expect(result).toBe('graceful');
    expect(filesOf(disk)).toEqual({ [`${ROOT}/g.json`]: 'graceful' });
    expect(disk.trace.records().map((record) => record.call)).toEqual(expect.arrayContaining(['open', 'handle.write', 'handle.close', 'rename']));
  });

  it('counts the calls that reached the disk, and leaves everything real when no run is active', async () => {
    const touches = await importNatively<{ nothing(): string }>(fixtureUrl('touches.mjs'));
    const { run } = await inRun(1, async () => touches.nothing());
    expect(run.simulatedCallsCount).toBe(0);
    const { run: writing } = await inRun(1, async ({ run }) => (await run.loadFresh<Exercise>(fixtureUrl('esm-imports.mjs'))).exercise(ROOT));
    expect(writing.simulatedCallsCount).toBeGreaterThan(10);
    expect(existsSync(new URL(fixtureUrl('touches.mjs')))).toBe(true);
  });
});
