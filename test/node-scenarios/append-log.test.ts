import { describe, expect, it } from 'vitest';
import { runCampaign } from '../../sim/index.js';
import { firstFailure, fixtureFactory, scenarioNamed } from './harness.js';

/**
 * append-log: the bundled reference passes a campaign; logs with a known gap are caught, each by
 * the invariant its gap breaks.
 */

const scenario = scenarioNamed('append-log');

describe('append-log', () => {
  it('the reference implementation passes a campaign of 300 seeds', async () => {
    const summary = await runCampaign({ seed: 1, scenarios: [scenario], runsPerScenario: 300, run: {} });
    expect(summary.runs).toBe(300);
    expect(summary.failures).toBe(0);
  });

  it('catches appends never fsynced: a lost acknowledged record', async () => {
    const failed = await firstFailure(scenario, fixtureFactory('append-log', 'append-log-no-fsync.cjs'), 40);
    expect(failed?.violations.map((v) => v.invariant)).toContain('acknowledged-durability');
  });

  it('catches a read that trusts a torn tail: a torn record served', async () => {
    const failed = await firstFailure(scenario, fixtureFactory('append-log', 'append-log-no-checksum.cjs'), 80);
    expect(failed?.violations.map((v) => v.invariant)).toContain('no-torn-record');
  });
});
