import { describe, expect, it } from 'vitest';
import { runCampaign } from '../../sim/index.js';
import { firstFailure, fixtureFactory, scenarioNamed } from './harness.js';

/**
 * atomic-file: the bundled reference passes a campaign; implementations with a known gap are
 * caught, each by the invariant its gap breaks.
 */

const scenario = scenarioNamed('atomic-file');

describe('atomic-file', () => {
  it('the reference implementation passes a campaign of 300 seeds', async () => {
    const summary = await runCampaign({ seed: 1, scenarios: [scenario], runsPerScenario: 300, run: {} });
    expect(summary.runs).toBe(300);
    expect(summary.failures).toBe(0);
    expect(summary.scenarios[0]?.workloadSteps).toBeGreaterThan(300 * 20);
  });

  it('catches a save written in place: a torn or empty file after a crash', async () => {
    const failed = await firstFailure(scenario, fixtureFactory('atomic-file', 'atomic-file-in-place.cjs'), 40);
    expect(failed?.violations.map((v) => v.invariant)).toContain('no-partial-visibility');
  });

  it('reports a call the simulated disk cannot serve (a symbolic link) by name', async () => {
    const failed = await firstFailure(scenario, fixtureFactory('atomic-file', 'atomic-file-symlink.cjs'), 5);
    const refused = failed?.violations.find((v) => v.invariant === 'unsupported-call');
    expect(refused?.message).toMatch(/promises\.symlink "\/data\/latest" was refused/);
    expect(refused?.message).toMatch(/atomic-file-symlink\.cjs:\d+/);
  });

  it('catches a rename never made durable (no directory fsync): a lost acknowledged save', async () => {
    const failed = await firstFailure(scenario, fixtureFactory('atomic-file', 'atomic-file-no-dir-sync.mjs'), 60);
    expect(failed?.violations.map((v) => v.invariant)).toContain('acknowledged-durability');
  });
});
