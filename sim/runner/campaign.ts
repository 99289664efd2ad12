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

/**
 * Simulated runs never wait on the event loop, so a campaign would otherwise run to its end in one
 * turn of it; every so many runs it lets the loop turn, so that each run's liveness check (a
 * setImmediate, see liveness.ts) fires and is released instead of piling up for the whole campaign.
 */
const EVENT_LOOP_TURN_RUNS = 64;

function nextEventLoopTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export interface CampaignOptions {
  readonly seed: number;
  readonly scenarios: readonly AnyScenario[];
  /** Runs per scenario (before sharding). */
  readonly runsPerScenario: number;
  /** Per-run options other than the seed. */
  readonly run: Omit<RunOptions, 'seed'>;
  readonly impl?: SystemFactory<unknown>;
  readonly shard?: Shard;
  /**
   * Within the runs the shard keeps, only every `count`-th one from `index` (how worker threads
   * split a campaign among themselves without changing which runs it has in all).
   */
  readonly worker?: Shard;
  /** Stop a scenario when this returns true (a time budget, read by the caller's clock). */
  readonly shouldStop?: () => boolean;
  /** Called before every run (a watchdog outside the run can then say which seed it was on). */
  readonly onStart?: (scenario: string, seed: number) => void;
  /** Called after every run. */
  readonly onRun?: (result: RunResult) => void | Promise<void>;
}

export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** One run's line in the campaign hash. */
export interface CampaignEntry {
  /** Position of the scenario in the campaign. */
  readonly scenarioIndex: number;
  readonly seed: number;
  readonly line: string;
}

/** The campaign hash: every run's trace hash in campaign order, whoever ran it. */
export function hashCampaignEntries(entries: readonly CampaignEntry[]): string {
  const ordered = [...entries].sort((a, b) => a.scenarioIndex - b.scenarioIndex || a.seed - b.seed);
  const hash = new StableHash();
  for (const entry of ordered) hash.update(entry.line);
  return hash.digest();
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
  /**
   * Filesystem steps the implementation took in the workloads (opening, operations, closing),
   * summed over the runs: 0 means it never touched the simulated disk, so no run tested it.
   */
  readonly workloadSteps: number;
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
  /** What the campaign hash was made from (for merging the work of several workers). */
  readonly entries: readonly CampaignEntry[];
}

/** Merges the summaries of workers that split one campaign; the result equals a single run's. */
export function mergeCampaignSummaries(seed: number, parts: readonly CampaignSummary[]): CampaignSummary {
  const byScenario = new Map<string, { runs: number; crashStates: number; failingSeeds: number[]; invariants: Record<string, number>; workloadSteps: number }>();
  for (const part of parts) {
    for (const s of part.scenarios) {
      const merged = byScenario.get(s.scenario) ?? { runs: 0, crashStates: 0, failingSeeds: [], invariants: {}, workloadSteps: 0 };
      merged.runs += s.runs;
      merged.crashStates += s.crashStates;
      merged.workloadSteps += s.workloadSteps;
      merged.failingSeeds.push(...s.failingSeeds);
      for (const [name, count] of Object.entries(s.invariants)) merged.invariants[name] = (merged.invariants[name] ?? 0) + count;
      byScenario.set(s.scenario, merged);
    }
  }
  const scenarios: ScenarioSummary[] = [...byScenario.entries()].map(([scenario, m]) => ({
    scenario,
    runs: m.runs,
    crashStates: m.crashStates,
    failures: m.failingSeeds.length,
    failingSeeds: m.failingSeeds.sort((a, b) => a - b),
    invariants: m.invariants,
    workloadSteps: m.workloadSteps,
  }));
  const entries = parts.flatMap((part) => part.entries);
  return {
    seed,
    scenarios,
    campaignHash: hashCampaignEntries(entries),
    runs: scenarios.reduce((sum, s) => sum + s.runs, 0),
    failures: scenarios.reduce((sum, s) => sum + s.failures, 0),
    completed: parts.every((part) => part.completed),
    entries,
  };
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignSummary> {
  const entries: CampaignEntry[] = [];
  const summaries: ScenarioSummary[] = [];
  let completed = true;
  for (const [scenarioIndex, scenario] of options.scenarios.entries()) {
    let kept = 0;
    let runs = 0;
    let crashStates = 0;
    let workloadSteps = 0;
    const failingSeeds: number[] = [];
    const invariants: Record<string, number> = {};
    for (let position = 0; position < options.runsPerScenario; position++) {
      if (options.shard !== undefined && position % options.shard.count !== options.shard.index) continue;
      const keptIndex = kept++;
      if (options.worker !== undefined && keptIndex % options.worker.count !== options.worker.index) continue;
      if (options.shouldStop?.() === true) {
        completed = false;
        break;
      }
      const seed = options.seed + position;
      if (seed > SEED_MAX) break;
      const inputs = options.impl === undefined ? {} : { impl: options.impl };
      options.onStart?.(scenario.name, seed);
      const result = await runScenario(scenario, { ...options.run, seed }, inputs);
      if (runs % EVENT_LOOP_TURN_RUNS === 0) await nextEventLoopTurn();
      entries.push({ scenarioIndex, seed, line: `${scenario.name}:${seed}:${result.traceHash}\n` });
      runs++;
      crashStates += result.statesChecked;
      workloadSteps += result.stepsCount - result.setupSteps;
      if (result.violations.length > 0) {
        failingSeeds.push(seed);
        for (const violation of result.violations) invariants[violation.invariant] = (invariants[violation.invariant] ?? 0) + 1;
      }
      await options.onRun?.(result);
    }
    summaries.push({ scenario: scenario.name, runs, crashStates, failures: failingSeeds.length, failingSeeds, invariants, workloadSteps });
  }
  return {
    seed: options.seed,
    scenarios: summaries,
    campaignHash: hashCampaignEntries(entries),
    runs: summaries.reduce((sum, s) => sum + s.runs, 0),
    failures: summaries.reduce((sum, s) => sum + s.failures, 0),
    completed,
    entries,
  };
}
