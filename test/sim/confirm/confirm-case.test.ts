import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfirmError, confirmCase } from '../../../sim/confirm/index.js';
import type { SystemFactory } from '../../../sim/scenario.js';
import { blobMutant, blobScenario, findFailingReport } from './find-case.js';

// Every confirmation makes its temp directories under this test-owned parent, so the test can
// see that none is left behind.
let tempParent = '';
const killChild = fileURLToPath(new URL('../../../cli/kill-child.ts', import.meta.url));
beforeEach(async () => {
  tempParent = await mkdtemp(join(tmpdir(), 'crashsim-confirm-test-'));
});
afterEach(async () => {
  await rm(tempParent, { recursive: true, force: true });
});

describe('confirmCase, image mode', () => {
  it('confirms a missing directory sync on real files, and the real store passes the same case', async () => {
    const mutant = blobMutant('no-dir-sync');
    const report = await findFailingReport(mutant.factory);
    const invariant = report.original.violations[0]?.invariant;
    expect(invariant).toBe('acknowledged-durability');

    const onMutant = await confirmCase({ scenario: blobScenario, case: report.original, modes: ['image'], impl: mutant, tempParent, killChild });
    expect(onMutant.sameTraceHash).toBe(true);
    expect(onMutant.confirmed).toBe(true);
    const [image] = onMutant.modes;
    expect(image?.mode).toBe('image');
    expect(image?.confirmedBy?.invariant).toBe(invariant);
    // Messages name paths as the simulated disk does, not the deleted temp directory.
    expect(image?.confirmedBy?.message).not.toContain(tempParent);
    expect(await readdir(tempParent)).toEqual([]);

    const onRealStore = await confirmCase({ scenario: blobScenario, case: report.original, modes: ['image'], tempParent, killChild });
    expect(onRealStore.confirmed).toBe(false);
    expect(onRealStore.modes[0]?.violations).toEqual([]);
    expect(await readdir(tempParent)).toEqual([]);
  });

  it('confirms a missing file sync (a torn blob caught by its checksum)', async () => {
    const mutant = blobMutant('no-file-sync');
    const report = await findFailingReport(mutant.factory);
    const result = await confirmCase({ scenario: blobScenario, case: report.original, modes: ['image'], impl: mutant, tempParent, killChild });
    expect(result.confirmed).toBe(true);
    expect(result.expected).toContain(result.modes[0]?.confirmedBy?.invariant);
  });
});

describe('confirmCase, kill mode', () => {
  it('kills the child at the crash step, reads its history back and confirms a process-crash bug', async () => {
    // Found under the `process` profile: what a SIGKILL leaves is exactly what that profile keeps,
    // so the real kill must show the same violation.
    const mutant = blobMutant('no-temp-sweep');
    const report = await findFailingReport(mutant.factory, { profile: 'process' });
    const result = await confirmCase({ scenario: blobScenario, case: report.original, modes: ['kill'], impl: mutant, tempParent, killChild });
    const [kill] = result.modes;
    if (kill?.mode !== 'kill') throw new Error('expected a kill-mode report');
    expect(kill.killedAt.step).toBe(report.original.crashStep);
    expect(kill.killedAt.path.startsWith('/data')).toBe(true);
    expect(kill.history.length).toBeGreaterThan(0);
    expect(kill.history.every((r) => r.completedAtStep === null || r.completedAtStep <= kill.killedAt.step)).toBe(true);
    // One client: the real run makes the simulator's calls in the simulator's order.
    expect(kill.followedSimulation).toBe(true);
    expect(kill.history.map((r) => r.invokedAtStep)).toEqual(report.original.history.map((r) => r.invokedAtStep));
    expect(kill.confirmedBy?.invariant).toBe('no-temp-leaks');
    expect(await readdir(tempParent)).toEqual([]);
  });

  it('with several clients, the real run follows the simulated interleaving step for step', async () => {
    const mutant = blobMutant('no-temp-sweep');
    const report = await findFailingReport(mutant.factory, { profile: 'process', clientsCount: 3, operationsCount: 12 });
    expect(new Set(report.original.history.map((r) => r.client)).size).toBeGreaterThan(1);
    const result = await confirmCase({ scenario: blobScenario, case: report.original, modes: ['kill'], impl: mutant, tempParent, killChild });
    const [kill] = result.modes;
    if (kill?.mode !== 'kill') throw new Error('expected a kill-mode report');
    expect(kill.killedAt.step).toBe(report.original.crashStep);
    expect(kill.followedSimulation).toBe(true);
    // The same operations by the same clients, each ending the same way, as in the simulation.
    const kindOf = (described: string): string => (described.startsWith('cut') ? 'cut' : (described.split(' ')[0] ?? ''));
    expect(kill.history.map((r) => [r.id, r.client, r.outcome.kind])).toEqual(report.original.history.map((r) => [r.id, r.client, kindOf(r.outcome)]));
    expect(kill.confirmedBy?.invariant).toBe('no-temp-leaks');
  });

  it('runs the bundled store end to end on a case and finds nothing (both modes)', async () => {
    const report = await findFailingReport(blobMutant('no-dir-sync').factory);
    const result = await confirmCase({ scenario: blobScenario, case: report.original, tempParent, killChild });
    expect(result.modes.map((m) => m.mode)).toEqual(['image', 'kill']);
    expect(result.modes.flatMap((m) => m.violations)).toEqual([]);
    expect(result.confirmed).toBe(false);
    const kill = result.modes[1];
    if (kill?.mode !== 'kill') throw new Error('expected a kill-mode report');
    expect(kill.killedAt.step).toBe(report.original.crashStep);
    expect(await readdir(tempParent)).toEqual([]);
  });

  it('kills a child that hangs after the time limit, says so, and still removes the temp directory', async () => {
    const report = await findFailingReport(blobMutant('no-dir-sync').factory);
    const modulePath = new URL('./fixtures/hangs-on-real-disk.ts', import.meta.url).pathname;
    const { default: factory } = await import('./fixtures/hangs-on-real-disk.js');
    await expect(confirmCase({ scenario: blobScenario, case: report.original, modes: ['kill'], impl: { factory: factory as SystemFactory<unknown>, modulePath }, killTimeoutMs: 2500, tempParent, killChild }))
      .rejects.toThrow(/did not reach step \d+ within 2500 ms/);
    expect(await readdir(tempParent)).toEqual([]);
  });

  it('refuses kill mode for an implementation without a module path', async () => {
    const report = await findFailingReport(blobMutant('no-dir-sync').factory);
    const mutant = blobMutant('no-dir-sync');
    await expect(confirmCase({ scenario: blobScenario, case: report.original, impl: { factory: mutant.factory, modulePath: null }, tempParent, killChild }))
      .rejects.toThrow(ConfirmError);
    await expect(confirmCase({ scenario: blobScenario, case: report.original, modes: [], tempParent, killChild })).rejects.toThrow(/at least one mode/);
  });
});
