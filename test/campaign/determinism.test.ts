import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios/index.js';
import { runCampaign, runScenario } from '../../sim/runner/index.js';

/** The same seed gives the same trace hash, byte for byte, twice in one process. */
describe('determinism', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s: 200 seeds run twice give the same trace hashes', async (_name, scenario) => {
    const seeds = scenario.name.startsWith('blob') ? 200 : 60;
    for (let seed = 1; seed <= seeds; seed++) {
      const first = await runScenario(scenario, { seed });
      const second = await runScenario(scenario, { seed });
      expect(second.traceHash, `seed ${seed}`).toBe(first.traceHash);
      expect(second.crashStep).toBe(first.crashStep);
    }
  });

  it('different seeds give different runs', async () => {
    const scenario = SCENARIOS[0];
    if (scenario === undefined) throw new Error('no scenario');
    const hashes = new Set<string>();
    for (let seed = 1; seed <= 50; seed++) hashes.add((await runScenario(scenario, { seed })).traceHash);
    expect(hashes.size).toBeGreaterThan(45);
  });

  it('a campaign hash is reproducible and sensitive to its flags', async () => {
    const scenarios = SCENARIOS.slice(0, 2);
    const a = await runCampaign({ seed: 3, scenarios, runsPerScenario: 20, run: {} });
    const b = await runCampaign({ seed: 3, scenarios, runsPerScenario: 20, run: {} });
    const c = await runCampaign({ seed: 3, scenarios, runsPerScenario: 20, run: { profile: 'ext4-ordered' } });
    expect(b.campaignHash).toBe(a.campaignHash);
    expect(c.campaignHash).not.toBe(a.campaignHash);
  });

  it('a replay with the crash step fixed rebuilds the same run', async () => {
    for (const scenario of SCENARIOS) {
      const original = await runScenario(scenario, { seed: 77 });
      const replayed = await runScenario(scenario, { ...original.options, crashStep: original.crashStep }, { workload: original.workload });
      expect(replayed.traceHash, scenario.name).toBe(original.traceHash);
    }
  });
});
