import { SCENARIOS } from '../../scenarios/index.js';
import { runCampaign, runScenario } from '../../sim/index.js';
import type { AnyScenario, RunOptions } from '../../sim/index.js';

/**
 * What the behaviour pins pin (pinned-hashes.test.ts checks it, regenerate.ts writes it): the trace
 * hash, crash step and violation count of seeds 1-3 per scenario under each kind of run, and the
 * hashes of three campaigns from seed 1.
 */

export interface Pins {
  readonly campaignSeed1: string;
  readonly campaignSeed1NodeFs: string;
  readonly campaignSeed1Swarm: string;
  readonly runs: Record<string, Record<string, string[]>>;
}

/** The scenarios of the pinned seed-1 campaign: those on the FileSystem interface (the node:fs ones have a campaign pin of their own). */
export const FILE_SYSTEM_SCENARIOS = ['blob', 'blob-put-if-absent', 'blob-fsync-data', 'blob-fsync-none', 'wal', 'persist', 'flatfs', 'mvcc', 'state-file'];

export const VARIANTS: Record<string, Omit<RunOptions, 'seed'>> = {
  default: {},
  ext4: { profile: 'ext4-ordered' },
  process: { profile: 'process', scheduler: 'pct' },
  exhaustive: { exploration: 'exhaustive', maxStates: 8 },
  faults: { faults: 'eio-sync:randomly(0.1);bitflip:randomly(0.3)' },
  recovery: { crashRecovery: true, faults: 'eio-read:phase(recovery)&randomly(0.2)' },
  swarm: { swarm: true },
};

/** Per variant, `traceHash:crashStep:violations` of seeds 1-3. */
export async function scenarioPins(scenario: AnyScenario): Promise<Record<string, string[]>> {
  const pins: Record<string, string[]> = {};
  for (const [variant, options] of Object.entries(VARIANTS)) {
    const seen: string[] = [];
    for (const seed of [1, 2, 3]) {
      const result = await runScenario(scenario, { ...options, seed });
      seen.push(`${result.traceHash}:${result.crashStep}:${result.violations.length}`);
    }
    pins[variant] = seen;
  }
  return pins;
}

export interface PinnedCampaign {
  readonly hash: string;
  readonly failures: number;
}

export async function fileSystemCampaign(): Promise<PinnedCampaign> {
  const scenarios = SCENARIOS.filter((s) => FILE_SYSTEM_SCENARIOS.includes(s.name));
  const summary = await runCampaign({ seed: 1, scenarios, runsPerScenario: 200, run: {} });
  return { hash: summary.campaignHash, failures: summary.failures };
}

export async function swarmCampaign(): Promise<PinnedCampaign> {
  const summary = await runCampaign({ seed: 1, scenarios: SCENARIOS, runsPerScenario: 30, run: { swarm: true } });
  return { hash: summary.campaignHash, failures: summary.failures };
}

export async function nodeFsCampaign(): Promise<PinnedCampaign> {
  const scenarios = SCENARIOS.filter((s) => !FILE_SYSTEM_SCENARIOS.includes(s.name));
  const summary = await runCampaign({ seed: 1, scenarios, runsPerScenario: 50, run: {} });
  return { hash: summary.campaignHash, failures: summary.failures };
}
