import { type CampaignSummary, type Shard, runCampaign } from '../sim/runner/campaign.js';
import type { RunResult, SystemFactory } from '../sim/index.js';
import type { CliOptions } from './args.js';
import type { ChosenScenario } from './load-scenario.js';
import { type WrittenFailure, reportCampaignFailure } from './report-failure.js';
import { wallClockMs } from './wall-clock.js';

/**
 * One part of a campaign: all of it when the CLI runs in one thread, or the share of one worker
 * thread. Failures are shrunk and reported where they are found, up to `--reports-max` per
 * scenario over the whole campaign (the parts count them in shared memory).
 */

/** How a part tells the CLI what it is doing. */
export interface PartSink {
  /** A run finished (`count` runs, from a worker that tells them in batches; the latest is `scenario` `seed`). */
  ran(scenario: string, seed: number, count?: number): void;
  /** A failure report (already formatted). */
  err(text: string): void;
  /** A run is starting (so that a death of this part can name its seed). */
  starting(scenario: string, seed: number): void;
  /** A failure report was written. */
  reported(written: WrittenFailure): void;
}

/** What every part of one campaign shares, whichever thread it runs in. */
export interface PartShared {
  /** Reports written so far per scenario (index as in the campaign); parts add with Atomics. */
  readonly reportsWritten: Int32Array;
  /** Non-zero once the campaign must stop (Ctrl-C): each part stops before its next run. */
  readonly stop: Int32Array;
}

export function newPartShared(scenariosCount: number): PartShared {
  return {
    reportsWritten: new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * Math.max(1, scenariosCount))),
    stop: new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)),
  };
}

export function stopRequested(shared: PartShared): boolean {
  return Atomics.load(shared.stop, 0) !== 0;
}

export interface PartResult {
  readonly summary: CampaignSummary;
  /** Wall-clock seconds this part spent running each scenario (the sum of its runs). */
  readonly secondsByScenario: Readonly<Record<string, number>>;
}

export interface PartInput {
  readonly options: CliOptions;
  readonly chosen: readonly ChosenScenario[];
  readonly impl: SystemFactory<unknown> | undefined;
  readonly worker: Shard | undefined;
  readonly budgetMs: number;
  readonly shared: PartShared;
  readonly sink: PartSink;
}

export async function runCampaignPart(input: PartInput): Promise<PartResult> {
  const { options, chosen, impl, worker, shared, sink } = input;
  const deadline = wallClockMs() + input.budgetMs;
  const secondsByScenario: Record<string, number> = {};
  const indexOf = new Map(chosen.map((c, index) => [c.scenario.name, index]));
  let runStarted = wallClockMs();
  const summary = await runCampaign({
    seed: options.seed,
    scenarios: chosen.map((c) => c.scenario),
    runsPerScenario: options.runs,
    run: {
      ...(options.profile === null ? {} : { profile: options.profile }),
      scheduler: options.scheduler,
      exploration: options.exploration,
      maxStates: options.maxStates,
      ...(options.clients === null ? {} : { clientsCount: options.clients }),
      ...(options.ops === null ? {} : { operationsCount: options.ops }),
      ...(options.faults === null ? {} : { faults: options.faults }),
      ...(options.crashRecovery ? { crashRecovery: true } : {}),
      ...(options.swarm ? { swarm: true } : {}),
    },
    ...(impl === undefined ? {} : { impl }),
    ...(options.shard === null ? {} : { shard: options.shard }),
    ...(worker === undefined ? {} : { worker }),
    shouldStop: () => stopRequested(shared) || wallClockMs() > deadline,
    onStart: (scenario, seed) => {
      runStarted = wallClockMs();
      sink.starting(scenario, seed);
    },
    onRun: async (result) => {
      secondsByScenario[result.scenario] = (secondsByScenario[result.scenario] ?? 0) + (wallClockMs() - runStarted) / 1000;
      sink.ran(result.scenario, result.options.seed);
      const index = indexOf.get(result.scenario);
      if (result.violations.length === 0 || index === undefined) return;
      await reportIfWanted(input, chosen[index] as ChosenScenario, index, result);
    },
  });
  return { summary, secondsByScenario };
}

/** Writes the report of a failing run unless its scenario has its `--reports-max` already. */
async function reportIfWanted(input: PartInput, chosen: ChosenScenario, index: number, result: RunResult): Promise<void> {
  const { options, impl, shared, sink } = input;
  if (Atomics.add(shared.reportsWritten, index, 1) >= options.reportsMax) return;
  const { written, text } = await reportCampaignFailure(chosen, result, options, impl, () => stopRequested(shared));
  sink.err(text);
  sink.reported(written);
}
