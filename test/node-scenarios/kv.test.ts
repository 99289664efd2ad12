import { describe, expect, it } from 'vitest';
import { runCampaign } from '../../sim/index.js';
import { firstFailure, fixtureFactory, scenarioNamed } from './harness.js';

/**
 * kv: the bundled reference passes a campaign; stores with a known gap are caught, each by the
 * invariant its gap breaks.
 */

const scenario = scenarioNamed('kv');

describe('kv', () => {
  it('the reference implementation passes a campaign of 300 seeds', async () => {
    const summary = await runCampaign({ seed: 1, scenarios: [scenario], runsPerScenario: 300, run: {} });
    expect(summary.runs).toBe(300);
    expect(summary.failures).toBe(0);
  });

  it('the reference implementation passes under rot: a get that refuses a rotten value (a corruption report) is detection', async () => {
    const summary = await runCampaign({ seed: 1, scenarios: [scenario], runsPerScenario: 120, run: { faults: 'rot:randomly(0.1)' } });
    expect(summary.runs).toBe(120);
    expect(summary.failures).toBe(0);
  });

  it('catches one file per key written in place: a torn or empty value', async () => {
    const failed = await firstFailure(scenario, fixtureFactory('kv', 'kv-in-place.mjs'), 60);
    expect(failed?.violations.map((v) => v.invariant)).toContain('no-partial-visibility');
  });

  it('catches a delete never made durable: a deleted value comes back', async () => {
    const failed = await firstFailure(scenario, fixtureFactory('kv', 'kv-delete-no-dir-sync.cjs'), 200);
    expect(failed?.violations.map((v) => v.invariant)).toContain('no-resurrection');
  });
});
