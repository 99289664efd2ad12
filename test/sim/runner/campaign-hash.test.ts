import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../../scenarios/index.js';
import { CampaignHash, FAILING_SEEDS_LISTED_MAX, mergeCampaignSummaries, runCampaign } from '../../../sim/runner/index.js';
import type { SystemFactory } from '../../../sim/index.js';
import noDirSync from '../../mutants/blob/no-dir-sync.js';

/** The campaign hash combines the parts of a campaign exactly, whoever ran which run. */
describe('CampaignHash', () => {
  const runs = Array.from({ length: 40 }, (_, i) => ({ scenario: i % 3 === 0 ? 'wal' : 'blob', seed: 100 + i, traceHash: (0x1234567 * (i + 1)).toString(16).padStart(16, '0') }));

  it('does not depend on the order of the runs', () => {
    const forward = new CampaignHash();
    for (const run of runs) forward.addRun(run.scenario, run.seed, run.traceHash);
    const backward = new CampaignHash();
    for (const run of [...runs].reverse()) backward.addRun(run.scenario, run.seed, run.traceHash);
    expect(backward.digest()).toBe(forward.digest());
    expect(forward.digest()).toMatch(/^[0-9a-f]{16}$/);
  });

  it('adds parts up to the hash of the whole, through their JSON state', () => {
    const whole = new CampaignHash();
    const parts = [new CampaignHash(), new CampaignHash(), new CampaignHash()];
    for (const [i, run] of runs.entries()) {
      whole.addRun(run.scenario, run.seed, run.traceHash);
      parts[i % 3]?.addRun(run.scenario, run.seed, run.traceHash);
    }
    const merged = new CampaignHash();
    for (const part of parts) merged.addState(JSON.parse(JSON.stringify(part.state())));
    expect(merged.state()).toEqual(whole.state());
    expect(merged.digest()).toBe(whole.digest());
  });

  it('tells apart a different trace, a different seed, a run missing and a run counted twice', () => {
    const base = (): CampaignHash => {
      const hash = new CampaignHash();
      for (const run of runs) hash.addRun(run.scenario, run.seed, run.traceHash);
      return hash;
    };
    const digests = new Set([base().digest()]);
    digests.add(base().addRun('blob', 999, '0000000000000000').digest());
    const [first] = runs;
    if (first === undefined) throw new Error('no runs');
    digests.add(base().addRun(first.scenario, first.seed, first.traceHash).digest());
    const changed = new CampaignHash();
    for (const run of runs) changed.addRun(run.scenario, run.seed === 120 ? 121 : run.seed, run.traceHash);
    digests.add(changed.digest());
    const otherTrace = new CampaignHash();
    for (const run of runs) otherTrace.addRun(run.scenario, run.seed, run.seed === 120 ? 'ffffffffffffffff' : run.traceHash);
    digests.add(otherTrace.digest());
    digests.add(new CampaignHash().digest());
    expect(digests.size).toBe(6);
  });

  it('carries from limb to limb and wraps modulo 2^128', () => {
    const hash = CampaignHash.fromState({ runs: 1, sum: 'ffffffffffffffffffffffffffffffff' }).addState({ runs: 1, sum: '00000000000000000000000000000002' });
    expect(hash.state()).toEqual({ runs: 2, sum: '00000000000000000000000000000001' });
    expect(() => new CampaignHash().addState({ runs: 1, sum: 'xyz' })).toThrow(/32 lowercase hex digits/);
  });
});

describe('campaign parts', () => {
  const scenarios = SCENARIOS.filter((s) => s.name === 'blob' || s.name === 'wal');

  it('shards merge to the unsharded summary, failures and all', async () => {
    const blob = SCENARIOS.filter((s) => s.name === 'blob');
    const impl = noDirSync as SystemFactory<unknown>;
    const whole = await runCampaign({ seed: 1, scenarios: blob, runsPerScenario: 30, run: {}, impl });
    const shards = [];
    for (let index = 0; index < 3; index++) shards.push(await runCampaign({ seed: 1, scenarios: blob, runsPerScenario: 30, run: {}, impl, shard: { index, count: 3 } }));
    const merged = mergeCampaignSummaries(1, shards);
    expect(whole.failures).toBeGreaterThan(0);
    expect(merged).toEqual(whole);
  });

  it('two scenarios: the shards hash to the whole campaign', async () => {
    const whole = await runCampaign({ seed: 8, scenarios, runsPerScenario: 13, run: {} });
    const shards = await Promise.all([0, 1, 2, 3].map((index) => runCampaign({ seed: 8, scenarios, runsPerScenario: 13, run: {}, shard: { index, count: 4 } })));
    expect(shards.map((s) => s.runs)).toEqual([8, 6, 6, 6]);
    expect(mergeCampaignSummaries(8, shards).campaignHash).toBe(whole.campaignHash);
    expect(mergeCampaignSummaries(8, shards.slice(1)).campaignHash).not.toBe(whole.campaignHash);
  });

  it('lists at most FAILING_SEEDS_LISTED_MAX failing seeds per scenario, the lowest, and counts them all', () => {
    const part = (seeds: number[]): Parameters<typeof mergeCampaignSummaries>[1][number] => ({
      seed: 0,
      scenarios: [{ scenario: 'blob', requested: seeds.length, runs: seeds.length, crashStates: 0, workloadSteps: 1, failures: seeds.length, failingSeeds: seeds.slice(0, FAILING_SEEDS_LISTED_MAX), invariants: {}, marks: {}, requiredMarks: [] }],
      campaignHash: '',
      runs: seeds.length,
      failures: seeds.length,
      completed: true,
      hashState: new CampaignHash().state(),
      marks: {},
    });
    const even = Array.from({ length: 1500 }, (_, i) => 2 * i);
    const odd = Array.from({ length: 1500 }, (_, i) => 2 * i + 1);
    const merged = mergeCampaignSummaries(0, [part(even), part(odd)]);
    expect(merged.failures).toBe(3000);
    expect(merged.scenarios[0]?.failingSeeds).toEqual(Array.from({ length: FAILING_SEEDS_LISTED_MAX }, (_, i) => i));
  });
});
