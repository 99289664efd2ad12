import { SCENARIOS, findScenario } from '../scenarios/index.js';
import { type CampaignSummary, type Shard, runCampaign } from '../sim/runner/campaign.js';
import type { AnyScenario, SystemFactory } from '../sim/scenario.js';
import { UsageError, type CliOptions } from './args.js';
import { reportCampaignFailure } from './report-failure.js';
import { wallClockMs } from './wall-clock.js';

/**
 * One part of a campaign: all of it when the CLI runs in one thread, or the share of one worker
 * thread. Failures are shrunk and reported where they are found.
 */

/** How a part tells the CLI what it is doing. */
export interface PartSink {
  /** A run finished. */
  ran(scenario: string, seed: number): void;
  /** A failure report (already formatted). */
  err(text: string): void;
  /** A run is starting (so that a death of this part can name its seed). */
  starting(scenario: string, seed: number): void;
}

export interface PartResult {
  readonly summary: CampaignSummary;
  /** Wall-clock seconds this part spent on each scenario. */
  readonly secondsByScenario: Readonly<Record<string, number>>;
}

/** At most this many reports per scenario per part: the first few tell the story. */
const REPORTS_PER_SCENARIO_MAX = 3;

/** The scenarios `--scenario` names (all when null); an unknown name is a usage error. */
export function resolveScenarios(names: readonly string[] | null): AnyScenario[] {
  if (names === null) return [...SCENARIOS];
  return names.map((name) => {
    const scenario = findScenario(name);
    if (scenario === undefined) throw new UsageError(`unknown scenario ${JSON.stringify(name)}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    return scenario;
  });
}

export async function runCampaignPart(
  options: CliOptions,
  scenarios: readonly AnyScenario[],
  impl: SystemFactory<unknown> | undefined,
  worker: Shard | undefined,
  budgetMs: number,
  sink: PartSink,
): Promise<PartResult> {
  const deadline = wallClockMs() + budgetMs;
  const secondsByScenario: Record<string, number> = {};
  const reportsByScenario = new Map<string, number>();
  let currentScenario = '';
  let scenarioStarted = wallClockMs();
  const summary = await runCampaign({
    seed: options.seed,
    scenarios,
    runsPerScenario: options.runs,
    run: {
      profile: options.profile,
      scheduler: options.scheduler,
      exploration: options.exploration,
      maxStates: options.maxStates,
      ...(options.clients === null ? {} : { clientsCount: options.clients }),
      ...(options.ops === null ? {} : { operationsCount: options.ops }),
      ...(options.faults === null ? {} : { faults: options.faults }),
      ...(options.crashRecovery ? { crashRecovery: true } : {}),
    },
    ...(impl === undefined ? {} : { impl }),
    ...(options.shard === null ? {} : { shard: options.shard }),
    ...(worker === undefined ? {} : { worker }),
    shouldStop: () => wallClockMs() > deadline,
    onStart: (scenario, seed) => sink.starting(scenario, seed),
    onRun: async (result) => {
      const now = wallClockMs();
      if (result.scenario !== currentScenario) {
        currentScenario = result.scenario;
        scenarioStarted = now;
      }
      secondsByScenario[result.scenario] = (now - scenarioStarted) / 1000;
      sink.ran(result.scenario, result.options.seed);
      if (result.violations.length === 0) return;
      const written = reportsByScenario.get(result.scenario) ?? 0;
      if (written >= REPORTS_PER_SCENARIO_MAX) return;
      reportsByScenario.set(result.scenario, written + 1);
      const scenario = findScenario(result.scenario);
      if (scenario !== undefined) await reportCampaignFailure(scenario, result, options, impl, { out: sink.err, err: sink.err });
    },
  });
  return { summary, secondsByScenario };
}
