import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index.js';
import { runCampaign } from '../../sim/runner/index.js';

/**
 * The real stores hold every invariant over long campaigns. The blob scenarios run the 2,000
 * seeds the issue asks of CI; the others a few hundred each (their own suites go further).
 */
const CAMPAIGNS: readonly (readonly [string, number])[] = [
  ['blob', 2000],
  ['blob-put-if-absent', 2000],
  ['blob-fsync-data', 500],
  ['blob-fsync-none', 500],
  // wal seed 2128 once caught a seal racing an in-flight directory sync: keep it in range.
  ['wal', 2500],
  ['persist', 300],
  ['flatfs', 400],
  ['mvcc', 400],
];

describe('the real stores survive campaigns', () => {
  it.each(CAMPAIGNS)('%s holds over %i seeds', async (name, runs) => {
    const scenario = findScenario(name);
    expect(scenario).toBeDefined();
    if (scenario === undefined) return;
    const failures: string[] = [];
    const summary = await runCampaign({
      seed: 1,
      scenarios: [scenario],
      runsPerScenario: runs,
      run: {},
      onRun: (result) => {
        if (result.violations.length > 0 && failures.length < 3) {
          failures.push(`seed ${result.options.seed}: ${result.violations.map((v) => `[${v.invariant}] ${v.message}`).join('; ')}`);
        }
      },
    });
    expect(failures).toEqual([]);
    expect(summary.runs).toBe(runs);
  });

  it('holds under the other crash profiles and the PCT scheduler', async () => {
    for (const name of ['blob', 'wal', 'flatfs', 'mvcc']) {
      const scenario = findScenario(name);
      if (scenario === undefined) throw new Error(`scenario ${name} missing`);
      for (const run of [{ profile: 'ext4-ordered' as const }, { profile: 'process' as const }, { scheduler: 'pct' as const }]) {
        const summary = await runCampaign({ seed: 5000, scenarios: [scenario], runsPerScenario: 60, run });
        expect(summary.failures, `${name} ${JSON.stringify(run)}`).toBe(0);
      }
    }
  });
});
