import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios/index.js';
import { runCampaign, runScenario } from '../../sim/index.js';
import type { RunOptions } from '../../sim/index.js';

/**
 * Behaviour pins: the trace hash, crash step and violation count of a few seeds per scenario under
 * each kind of run (profiles, schedulers, exhaustive exploration, faults, crashed recovery, swarm),
 * the campaign hash of `npm run sim -- --seed 1 --no-swarm`, and that of a short swarm campaign. A refactoring of the run core must leave every
 * one of them unchanged; a deliberate change of behaviour regenerates the file and says why.
 */

interface Pins {
  readonly campaignSeed1: string;
  readonly campaignSeed1NodeFs: string;
  readonly campaignSeed1Swarm: string;
  readonly runs: Record<string, Record<string, string[]>>;
}

const pins = JSON.parse(readFileSync(new URL('./pinned-hashes.json', import.meta.url), 'utf8')) as Pins;

/**
 * The scenarios of the pinned seed-1 campaign: those on the FileSystem interface, pinned before the
 * node:fs scenarios came (which have a campaign pin of their own).
 */
const FILE_SYSTEM_SCENARIOS = ['blob', 'blob-put-if-absent', 'blob-fsync-data', 'blob-fsync-none', 'wal', 'persist', 'flatfs', 'mvcc', 'state-file'];

const VARIANTS: Record<string, Omit<RunOptions, 'seed'>> = {
  default: {},
  ext4: { profile: 'ext4-ordered' },
  process: { profile: 'process', scheduler: 'pct' },
  exhaustive: { exploration: 'exhaustive', maxStates: 8 },
  faults: { faults: 'eio-sync:randomly(0.1);bitflip:randomly(0.3)' },
  recovery: { crashRecovery: true, faults: 'eio-read:phase(recovery)&randomly(0.2)' },
  swarm: { swarm: true },
};

describe('pinned behaviour', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s: seeds 1-3 under every kind of run keep their trace hashes', async (name, scenario) => {
    const expected = pins.runs[name];
    expect(expected, `no pins for ${name}`).toBeDefined();
    for (const [variant, options] of Object.entries(VARIANTS)) {
      const seen: string[] = [];
      for (const seed of [1, 2, 3]) {
        const result = await runScenario(scenario, { ...options, seed });
        seen.push(`${result.traceHash}:${result.crashStep}:${result.violations.length}`);
      }
      expect(seen, `${name} ${variant}`).toEqual(expected?.[variant]);
    }
  });

  it('the default campaign from seed 1 keeps its campaign hash (the scenarios on the FileSystem interface)', async () => {
    const scenarios = SCENARIOS.filter((s) => FILE_SYSTEM_SCENARIOS.includes(s.name));
    expect(scenarios.map((s) => s.name)).toEqual(FILE_SYSTEM_SCENARIOS);
    const summary = await runCampaign({ seed: 1, scenarios, runsPerScenario: 200, run: {} });
    expect(summary.campaignHash).toBe(pins.campaignSeed1);
    expect(summary.failures).toBe(0);
  });

  it('the swarm campaign from seed 1 of every scenario keeps its campaign hash', async () => {
    const summary = await runCampaign({ seed: 1, scenarios: SCENARIOS, runsPerScenario: 30, run: { swarm: true } });
    expect(summary.campaignHash).toBe(pins.campaignSeed1Swarm);
    expect(summary.failures).toBe(0);
  });

  it('the campaign from seed 1 of the node:fs scenarios keeps its campaign hash', async () => {
    const scenarios = SCENARIOS.filter((s) => !FILE_SYSTEM_SCENARIOS.includes(s.name));
    const summary = await runCampaign({ seed: 1, scenarios, runsPerScenario: 50, run: {} });
    expect(summary.campaignHash).toBe(pins.campaignSeed1NodeFs);
    expect(summary.failures).toBe(0);
  });
});
