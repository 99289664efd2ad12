import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { readReport, reportFailure, runCampaign, runScenario, type RunResult } from '../../sim/index.js';
import { firstFailure, fixtureFactory, fixturePath, scenarioNamed } from './harness.js';

/**
 * The simulated process of a node:fs implementation and the run's liveness watch: code that waits
 * on virtual timers (backoffs, retries on a lock) is not a stall, and runs the same way for a seed
 * alone, in a campaign, in worker threads and replayed from its report; code that never settles,
 * or polls forever on a timer, is a `liveness` violation, and the run goes on with the process
 * put back (real clock and timers).
 */

const scenario = scenarioNamed('atomic-file');
const retrying = fixtureFactory('atomic-file', 'atomic-file-timer-retries.mjs');

describe('the simulated process under the liveness watch', () => {
  it('code waiting on virtual timers is not stalled, and passes', async () => {
    const summary = await runCampaign({ seed: 1, scenarios: [scenario], runsPerScenario: 40, run: {}, impl: retrying });
    expect(summary.failures).toBe(0);
  });

  it('a save that never settles is a liveness violation, and the process is put back', async () => {
    const realSetTimeout = globalThis.setTimeout;
    const realDate = Date;
    const failed = await firstFailure(scenario, fixtureFactory('atomic-file', 'atomic-file-never-settles.cjs'), 20);
    const liveness = failed?.violations.find((v) => v.invariant === 'liveness');
    expect(liveness?.message).toMatch(/client \d+: save b\.json .* never settled: no filesystem step could run/);
    expect(globalThis.setTimeout).toBe(realSetTimeout);
    expect(Date).toBe(realDate);
  });

  it('a save that polls forever on a timer is a liveness violation at the virtual-time limit, and its report keeps the limit', async () => {
    const impl = fixtureFactory('atomic-file', 'atomic-file-polls-forever.cjs');
    const failed = await firstFailure(scenario, impl, 20, { virtualTimeMsMax: 60_000 });
    const liveness = failed?.violations.find((v) => v.invariant === 'liveness');
    expect(liveness?.message).toMatch(/past the virtual-time limit of 60000 ms/);
    const reportsDir = await mkdtemp(join(tmpdir(), 'crashsim-node-limit-'));
    try {
      const reported = await reportFailure(scenario, failed as RunResult, { reportsDir, implLabel: 'polls-forever', shrink: false, impl });
      const { original } = await readReport(reported.jsonPath);
      expect(original.options.virtualTimeMsMax).toBe(60_000);
      const again = await runScenario(scenario, { ...original.options, crashStep: original.crashStep }, { impl });
      expect(again.traceHash).toBe(original.traceHash);
    } finally {
      await rm(reportsDir, { recursive: true, force: true });
    }
  });
});

describe('one seed, one trace, wherever it runs', () => {
  let reports: string;
  beforeAll(async () => {
    reports = await mkdtemp(join(tmpdir(), 'crashsim-node-process-'));
  });
  afterAll(async () => {
    await rm(reports, { recursive: true, force: true });
  });

  it('alone, in a campaign, twice', async () => {
    const alone = await runScenario(scenario, { seed: 6 }, { impl: retrying });
    const inCampaign = new Map<number, string>();
    const campaign = await runCampaign({ seed: 1, scenarios: [scenario], runsPerScenario: 8, run: {}, impl: retrying, onRun: (result) => void inCampaign.set(result.options.seed, result.traceHash) });
    const again = await runScenario(scenario, { seed: 6 }, { impl: retrying });
    expect(campaign.runs).toBe(8);
    expect(inCampaign.get(6)).toBe(alone.traceHash);
    expect(again.traceHash).toBe(alone.traceHash);
  });

  it('in worker threads, and replayed from its report', async () => {
    const impl = fixturePath('atomic-file-timer-retries.mjs');
    const sim = async (...argv: string[]): Promise<{ code: number; out: string }> => {
      let out = '';
      const code = await main(argv, { out: (t) => (out += t), err: () => undefined });
      return { code, out };
    };
    const flags = ['--seed', '3', '--runs', '6', '--scenario', 'atomic-file', '--impl', impl, '--json'];
    const one = await sim(...flags, '--workers', '1');
    const two = await sim(...flags, '--workers', '2');
    expect(JSON.parse(two.out).campaignHash).toBe(JSON.parse(one.out).campaignHash);
    // The same code without its directory fsync fails; its report replays to the run's hash.
    const broken = fixturePath('atomic-file-timer-retries-no-dir-sync.mjs');
    const failed = await sim('--seed', '1', '--runs', '30', '--scenario', 'atomic-file', '--impl', broken, '--reports', reports, '--workers', '1');
    expect(failed.code).toBe(1);
    const json = (await readdir(reports)).find((name) => name.endsWith('.json')) ?? '';
    const report = await readReport(join(reports, json));
    const alone = await runScenario(scenario, { ...report.original.options, crashStep: report.original.crashStep }, { impl: fixtureFactory('atomic-file', 'atomic-file-timer-retries-no-dir-sync.mjs') });
    expect(alone.traceHash).toBe(report.original.traceHash);
    const replay = await sim('--replay', join(reports, json), '--impl', broken);
    expect(replay.out).toMatch(/same trace hash/);
    expect(replay.code).toBe(1);
  });
  it('leaves no poll pending once a run is over, so runs that never yield to the event loop hold no run', async () => {
    const immediates = (): number => process.getActiveResourcesInfo().filter((type) => type === 'Immediate').length;
    // Yield once, so that what earlier tests left pending has run.
    await new Promise((resolve) => setImmediate(resolve));
    const before = immediates();
    // Back to back, as a campaign makes them: nothing here returns to the event loop. Each pending
    // poll would hold its run's disk, process and module graph until the loop turned.
    for (let seed = 1; seed <= 20; seed++) await runScenario(scenario, { seed });
    expect(immediates() - before).toBeLessThanOrEqual(1);
  });
});
