import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../cli/help.js';
import { SCENARIOS } from '../../../scenarios/index.js';
import { CampaignHash, type FailureReport, formatTimeline, readReport, runCampaign, runScenario, writeReport } from '../../../sim/index.js';
import { sim } from '../../cli/run-cli.js';
import { blobMutant, blobScenario, findFailingReport } from '../confirm/find-case.js';

/** Runs with swarm on: deterministic per seed, the knobs reach the workload, flags win, reports replay. */

describe('a run with swarm', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s: a seed gives the same trace hash alone and in a campaign', async (_name, scenario) => {
    const summary = await runCampaign({ seed: 1, scenarios: [scenario], runsPerScenario: 12, run: { swarm: true } });
    expect(summary.failures).toBe(0);
    const alone = new CampaignHash();
    for (let seed = 1; seed <= 12; seed++) alone.addRun(scenario.name, seed, (await runScenario(scenario, { seed, swarm: true })).traceHash);
    expect(alone.digest()).toBe(summary.campaignHash);
  });

  it('runs the drawn configuration and records it; a swarm seed differs from the fixed one', async () => {
    const differing = [];
    for (let seed = 1; seed <= 20; seed++) {
      const swarm = await runScenario(blobScenario, { seed, swarm: true });
      const fixed = await runScenario(blobScenario, { seed });
      const config = swarm.options.swarm;
      expect(config).not.toBeNull();
      expect(fixed.options.swarm).toBeNull();
      expect(swarm.options.profile).toBe(config?.profile);
      expect(swarm.options.faults).toBe(config?.faults);
      expect(swarm.workload.length).toBe(config?.clientsCount);
      if (swarm.traceHash !== fixed.traceHash) differing.push(seed);
    }
    expect(differing.length).toBeGreaterThan(15);
  });

  it('gives the workload the knobs of the configuration it is handed', async () => {
    const swarm = { profile: 'posix', faults: '', clientsCount: 2, knobs: { keysCount: 1, weights: { put: 0, 'put-no-overwrite': 0, get: 1, getRange: 0, delete: 0, has: 0, list: 0, listPrefix: 0, hostile: 0 } } } as const;
    const result = await runScenario(blobScenario, { seed: 4, swarm });
    const operations = result.workload.flat() as { kind: string; key: string }[];
    expect(operations.length).toBe(30);
    expect(new Set(operations.map((op) => `${op.kind} ${op.key}`))).toEqual(new Set(['get alpha']));
    expect(result.options.swarm).toEqual(swarm);
  });

  it('lets explicit profile, faults and clients win over the drawn ones, and records what ran', async () => {
    const result = await runScenario(blobScenario, { seed: 8, swarm: true, profile: 'process', faults: 'eio-sync:randomly(0.1)', clientsCount: 7 });
    expect(result.options.swarm).toMatchObject({ profile: 'process', faults: 'eio-sync:randomly(0.1)', clientsCount: 7 });
    expect(result.workload.length).toBe(7);
  });

  it('refuses knobs the scenario does not have', async () => {
    const swarm = { profile: 'posix', faults: '', clientsCount: 1, knobs: { weights: { frobnicate: 1 } } } as const;
    await expect(runScenario(blobScenario, { seed: 1, swarm })).rejects.toThrow(/"knobs.weights" names "frobnicate", which is not an operation kind of scenario blob/);
  });
});

describe('a report of a swarm run', () => {
  let dir = '';
  let report: FailureReport;
  let path = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crashsim-swarm-'));
    report = await findFailingReport(blobMutant('no-dir-sync').factory, { swarm: true });
    path = (await writeReport(join(dir, 'good'), { ...report, impl: blobMutant('no-dir-sync').modulePath })).jsonPath;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('records the configuration in JSON and text, and replays it to the same trace hash', async () => {
    const read = await readReport(path);
    expect(read.original.options.swarm).toEqual(report.original.options.swarm);
    expect(read.original.options.swarm).not.toBeNull();
    expect(formatTimeline(read)).toMatch(/\nswarm: profile \S+, faults .*, \d+ clients?/);
    const replayed = await sim('--replay', path, '--json');
    expect(JSON.parse(replayed.out)).toMatchObject({ verdict: 'same', traceHash: report.original.traceHash });
    expect(replayed.code).toBe(EXIT.violation);
  });

  it.each([
    [{ profile: 'ntfs' }, /"original.options.swarm": swarm configuration: "profile" must be one of/],
    [{ knobs: { weights: { frobnicate: 1 } } }, /"original.options.swarm": swarm configuration: "knobs.weights" names "frobnicate"/],
    [{ knobs: { keysCount: 99 } }, /"knobs.keysCount" is 99, but scenario blob has 3 keys/],
    [{ surprise: true }, /unknown field "surprise"/],
  ])('refuses a corrupt configuration %j with exit 2, and leaves the report as it was', async (change, message) => {
    const swarm = { ...report.original.options.swarm, ...change };
    const corrupt = (await writeReport(join(dir, 'corrupt'), { ...report, original: { ...report.original, options: { ...report.original.options, swarm } as never } })).jsonPath;
    const before = await readFile(corrupt, 'utf8');
    const result = await sim('--replay', corrupt, '--impl', blobMutant('no-dir-sync').modulePath);
    expect(result.err).toMatch(/report .* is corrupt/);
    expect(result.err).toMatch(message);
    expect(result.code).toBe(EXIT.usage);
    expect(await readFile(corrupt, 'utf8')).toBe(before);
  });
});
