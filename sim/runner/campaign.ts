import type { AnyScenario, SystemFactory } from '../scenario.js';
import { SEED_MAX } from '../rng.js';
import { StableHash } from '../trace.js';
import type { RunOptions } from './options.js';
import { type RunResult, runScenario } from './run-scenario.js';

/**
 * A campaign: many runs of one or more scenarios. Run seeds are consecutive from the campaign
 * seed (seed N runs N, N+1, ...), so any failing run is reproduced by its own seed alone, and
 * `--shard i/n` keeps the runs whose position is i modulo n (spreading a campaign over machines).
 */

export interface CampaignOptions {
  readonly seed: number;
  readonly scenarios: readonly AnyScenario[];
  /** Runs per scenario (before sharding). */
  readonly runsPerScenario: number;
  /** Per-run options other than the seed. */
  readonly run: Omit<RunOptions, 'seed'>;
  readonly impl?: SystemFactory<unknown>;
  readonly shard?: { readonly index: number; readonly count: number };
  /** Stop a scenario when this returns true (a time budget, read by the caller's clock). */
  readonly shouldStop?: () => boolean;
  /** Called after every run. */
  readonly onRun?: (result: RunResult) => void | Promise<void>;
}

export interface ScenarioSummary {
  readonly scenario: string;
  readonly runs: number;
  readonly crashStates: number;
  readonly failures: number;
  /** Seeds of the failing runs, in order. */
  readonly failingSeeds: readonly number[];
  /** The invariants that failed, with how often. */
  readonly invariants: Readonly<Record<string, number>>;
}

export interface CampaignSummary {
  readonly seed: number;
  readonly scenarios: readonly ScenarioSummary[];
  /** Combines every run's trace hash in order: same seed and flags, same campaign hash. */
  readonly campaignHash: string;
  readonly runs: number;
  readonly failures: number;
  /** False when `shouldStop` cut the campaign short. */
  readonly completed: boolean;
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignSummary> {
  const campaignHash = new StableHash();
  const summaries: ScenarioSummary[] = [];
  let completed = true;
  for (const scenario of options.scenarios) {
    let runs = 0;
    let crashStates = 0;
    const failingSeeds: number[] = [];
    const invariants: Record<string, number> = {};
    for (let position = 0; position < options.runsPerScenario; position++) {
      if (options.shard !== undefined && position % options.shard.count !== options.shard.index) continue;
      if (options.shouldStop?.() === true) {
        completed = false;
        break;
      }
      const seed = options.seed + position;
      if (seed > SEED_MAX) break;
      const inputs = options.impl === undefined ? {} : { impl: options.impl };
      const result = await runScenario(scenario, { ...options.run, seed }, inputs);
      campaignHash.update(`${scenario.name}:${seed}:${result.traceHash}\n`);
      runs++;
      crashStates += result.statesChecked;
      if (result.violations.length > 0) {
        failingSeeds.push(seed);
        for (const violation of result.violations) invariants[violation.invariant] = (invariants[violation.invariant] ?? 0) + 1;
      }
      await options.onRun?.(result);
    }
    summaries.push({ scenario: scenario.name, runs, crashStates, failures: failingSeeds.length, failingSeeds, invariants });
  }
  return {
    seed: options.seed,
    scenarios: summaries,
    campaignHash: campaignHash.digest(),
    runs: summaries.reduce((sum, s) => sum + s.runs, 0),
    failures: summaries.reduce((sum, s) => sum + s.failures, 0),
    completed,
  };
}
