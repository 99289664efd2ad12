import type { AnyScenario, SystemFactory } from '../scenario.js';
import { SEED_MAX } from '../rng.js';
import { CampaignHash, type CampaignHashState } from './campaign-hash.js';
import { addCounts, campaignMarks, sortedCounts } from './campaign-marks.js';
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

/**
 * Failing seeds a summary lists per scenario: the lowest ones. `failures` counts every failing run;
 * the list stops here so that a summary stays small however many runs fail (a broken store can
 * fail every one of 10^7 runs). Parts merge exactly: the lowest seeds of a union are among the
 * lowest of each part.
 */
export const FAILING_SEEDS_LISTED_MAX = 1000;

export interface ScenarioSummary {
  readonly scenario: string;
  /** Runs asked of this scenario (after sharding); `runs` falls short when the campaign stopped early. */
  readonly requested: number;
  readonly runs: number;
  readonly crashStates: number;
  readonly failures: number;
  /** Seeds of the failing runs, lowest first: all of them up to FAILING_SEEDS_LISTED_MAX. */
  readonly failingSeeds: readonly number[];
  /** The invariants that failed, with how often. */
  readonly invariants: Readonly<Record<string, number>>;
  /**
   * Filesystem steps the implementation took in the workloads (opening, operations, closing),
   * summed over the runs: 0 means it never touched the simulated disk, so no run tested it.
   */
  readonly workloadSteps: number;
  /** Coverage marks hit by this scenario's runs: label -> runs that hit it (labels sorted, hit ones only). */
  readonly marks: Readonly<Record<string, number>>;
  /** The scenario's `requiredMarks` (empty when it declares none). */
  readonly requiredMarks: readonly string[];
}

export interface CampaignSummary {
  readonly seed: number;
  readonly scenarios: readonly ScenarioSummary[];
  /** Combines every run's trace hash (see campaign-hash.ts): same seed and flags, same campaign hash. */
  readonly campaignHash: string;
  readonly runs: number;
  readonly failures: number;
  /** False when `shouldStop` cut the campaign short: some requested run did not happen. */
  readonly completed: boolean;
  /** What the campaign hash is made from: parts of a campaign (workers, shards) add theirs up. */
  readonly hashState: CampaignHashState;
  /**
   * Every coverage mark declared by the loaded code, and any other mark hit: label -> runs that hit
   * it, over all scenarios; 0 for marks never hit. A plain map, so summaries of shards add up.
   */
  readonly marks: Readonly<Record<string, number>>;
}

/** Merges the summaries of workers that split one campaign; the result equals a single run's. */
export function mergeCampaignSummaries(seed: number, parts: readonly CampaignSummary[]): CampaignSummary {
  const byScenario = new Map<string, { requested: number; runs: number; crashStates: number; failures: number; failingSeeds: number[]; invariants: Record<string, number>; workloadSteps: number; marks: Record<string, number>; requiredMarks: readonly string[] }>();
  for (const part of parts) {
    for (const s of part.scenarios) {
      const merged = byScenario.get(s.scenario) ?? { requested: 0, runs: 0, crashStates: 0, failures: 0, failingSeeds: [], invariants: {}, workloadSteps: 0, marks: {}, requiredMarks: s.requiredMarks };
      addCounts(merged.marks, s.marks);
      merged.requested += s.requested;
      merged.workloadSteps += s.workloadSteps;
      merged.runs += s.runs;
      merged.crashStates += s.crashStates;
      merged.failures += s.failures;
      merged.failingSeeds = lowestSeeds(merged.failingSeeds, s.failingSeeds);
      for (const [name, count] of Object.entries(s.invariants)) merged.invariants[name] = (merged.invariants[name] ?? 0) + count;
      byScenario.set(s.scenario, merged);
    }
  }
  const scenarios: ScenarioSummary[] = [...byScenario.entries()].map(([scenario, m]) => ({
    scenario,
    requested: m.requested,
    runs: m.runs,
    crashStates: m.crashStates,
    workloadSteps: m.workloadSteps,
    failures: m.failures,
    failingSeeds: m.failingSeeds,
    invariants: m.invariants,
    marks: sortedCounts(m.marks),
    requiredMarks: m.requiredMarks,
  }));
  const hash = new CampaignHash();
  for (const part of parts) hash.addState(part.hashState);
  return {
    seed,
    scenarios,
    campaignHash: hash.digest(),
    runs: scenarios.reduce((sum, s) => sum + s.runs, 0),
    failures: scenarios.reduce((sum, s) => sum + s.failures, 0),
    completed: parts.every((part) => part.completed) && scenarios.every((s) => s.runs === s.requested),
    hashState: hash.state(),
    marks: campaignMarks(scenarios),
  };
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignSummary> {
  const lastSeed = options.seed + options.runsPerScenario - 1;
  if (options.runsPerScenario > 0 && lastSeed > SEED_MAX) {
    throw new RangeError(`runCampaign: the seeds ${options.seed}..${lastSeed} go past SEED_MAX (${SEED_MAX}); start lower or ask for fewer runs`);
  }
  const hash = new CampaignHash();
  const tallies = options.scenarios.map(() => newTally());
  const requested = ownPositionsCount(options);
  let completed = true;
  let runsDone = 0;
  // Round-robin: position by position, every scenario runs its seed, so a campaign stopped early
  // (a time budget) has run every scenario about as often; the campaign hash does not depend on
  // the order the runs were made in.
  campaign: for (const position of ownPositions(options)) {
    for (const [scenarioIndex, scenario] of options.scenarios.entries()) {
      if (options.shouldStop?.() === true) {
        completed = false;
        break campaign;
      }
      const seed = options.seed + position;
      options.onStart?.(scenario.name, seed);
      const result = await runScenario(scenario, { ...options.run, seed }, options.impl === undefined ? {} : { impl: options.impl });
      if (runsDone++ % EVENT_LOOP_TURN_RUNS === 0) await nextEventLoopTurn();
      hash.addRun(scenario.name, seed, result.traceHash);
      addRun(tallies[scenarioIndex] as Tally, result);
      await options.onRun?.(result);
    }
  }
  const summaries = options.scenarios.map((scenario, index): ScenarioSummary => {
    const { runs, crashStates, failures, failingSeeds, invariants, workloadSteps, marks } = tallies[index] as Tally;
    const requiredMarks = scenario.requiredMarks ?? [];
    return { scenario: scenario.name, requested, runs, crashStates, failures, failingSeeds, invariants, workloadSteps, marks: sortedCounts(marks), requiredMarks };
  });
  return {
    seed: options.seed,
    scenarios: summaries,
    campaignHash: hash.digest(),
    runs: summaries.reduce((sum, s) => sum + s.runs, 0),
    failures: summaries.reduce((sum, s) => sum + s.failures, 0),
    completed,
    hashState: hash.state(),
    marks: campaignMarks(summaries),
  };
}

interface Tally {
  runs: number;
  crashStates: number;
  workloadSteps: number;
  failures: number;
  readonly failingSeeds: number[];
  readonly invariants: Record<string, number>;
  /** Runs that hit each mark. */
  readonly marks: Record<string, number>;
}

function newTally(): Tally {
  return { runs: 0, crashStates: 0, workloadSteps: 0, failures: 0, failingSeeds: [], invariants: {}, marks: {} };
}

function addRun(tally: Tally, result: RunResult): void {
  tally.runs++;
  for (const label of Object.keys(result.marks)) tally.marks[label] = (tally.marks[label] ?? 0) + 1;
  tally.crashStates += result.statesChecked;
  tally.workloadSteps += result.stepsCount - result.setupSteps;
  if (result.violations.length === 0) return;
  tally.failures++;
  // A part runs its seeds in increasing order, so the first ones listed are its lowest.
  if (tally.failingSeeds.length < FAILING_SEEDS_LISTED_MAX) tally.failingSeeds.push(result.options.seed);
  for (const violation of result.violations) tally.invariants[violation.invariant] = (tally.invariants[violation.invariant] ?? 0) + 1;
}

/** The lowest FAILING_SEEDS_LISTED_MAX seeds of two lists, each lowest first. */
function lowestSeeds(a: readonly number[], b: readonly number[]): number[] {
  return [...a, ...b].sort((x, y) => x - y).slice(0, FAILING_SEEDS_LISTED_MAX);
}

/** The positions (seed offsets) this campaign runs: those its shard keeps, then its worker's share of them. */
function* ownPositions(options: CampaignOptions): Generator<number> {
  let kept = 0;
  for (let position = 0; position < options.runsPerScenario; position++) {
    if (options.shard !== undefined && position % options.shard.count !== options.shard.index) continue;
    const keptIndex = kept++;
    if (options.worker !== undefined && keptIndex % options.worker.count !== options.worker.index) continue;
    yield position;
  }
}

/** How many positions ownPositions yields, without walking them. */
function ownPositionsCount(options: CampaignOptions): number {
  const share = (total: number, split: Shard | undefined): number => (split === undefined ? total : Math.max(0, Math.ceil((total - split.index) / split.count)));
  return share(share(options.runsPerScenario, options.shard), options.worker);
}
