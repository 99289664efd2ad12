import { Worker } from 'node:worker_threads';
import { type CampaignSummary, mergeCampaignSummaries } from '../sim/runner/campaign.js';
import { describeError, type SystemFactory } from '../sim/index.js';
import type { CliOptions } from './args.js';
import { type PartResult, type PartSink, resolveScenarios, runCampaignPart } from './campaign-part.js';
import type { CampaignWorkerData, CampaignWorkerMessage } from './campaign-worker.js';
import { formatSummaryTable } from './format.js';
import type { CliOutput } from './output.js';
import { CampaignDeathError, describeDeath, noteRunning, type RunningSeed } from './run-death.js';
import { wallClockMs } from './wall-clock.js';

/**
 * The campaign command: runs the selected scenarios' seeds, in this thread or split over worker
 * threads (`--workers`), and prints the summary. Splitting changes nothing but the speed: the
 * runs, their trace hashes and the campaign hash are the same for any number of workers.
 */

const PROGRESS_INTERVAL_MS = 2000;

export async function campaign(options: CliOptions, impl: SystemFactory<unknown> | undefined, output: CliOutput): Promise<number> {
  const scenarios = resolveScenarios(options.scenarios);
  const started = wallClockMs();
  const budgetMs = options.timeSeconds * 1000;
  let runsDone = 0;
  let lastProgress = started;
  const sink: PartSink = {
    ran: (scenario, seed) => {
      runsDone++;
      const now = wallClockMs();
      if (now - lastProgress > PROGRESS_INTERVAL_MS && !options.json) {
        lastProgress = now;
        output.err(`  ... ${runsDone} runs, now ${scenario} seed ${seed}\n`);
      }
    },
    err: (text) => output.err(text),
    starting: noteRunning,
  };
  const parts =
    options.workers <= 1
      ? [await runCampaignPart(options, scenarios, impl, undefined, budgetMs, sink)]
      : await runInWorkers(options, budgetMs, sink);
  const summary = mergeCampaignSummaries(options.seed, parts.map((part) => part.summary));
  const secondsByScenario = new Map<string, number>();
  for (const part of parts) {
    for (const [name, seconds] of Object.entries(part.secondsByScenario)) secondsByScenario.set(name, Math.max(secondsByScenario.get(name) ?? 0, seconds));
  }
  printSummary(options, summary, (wallClockMs() - started) / 1000, secondsByScenario, scenarios.length, output);
  // A run that never touched the disk tested nothing: that is no pass.
  const untouched = summary.scenarios.filter((s) => s.runs > 0 && s.workloadSteps === 0).map((s) => s.scenario);
  if (untouched.length > 0) {
    output.err(`crashsim: ${untouched.join(', ')}: the implementation never touched the simulated disk (no filesystem call under the root it was given, in any run), so nothing was tested; check that it writes under that root\n`);
    return 2;
  }
  return summary.failures === 0 ? 0 : 1;
}

function printSummary(
  options: CliOptions,
  summary: CampaignSummary,
  seconds: number,
  secondsByScenario: ReadonlyMap<string, number>,
  scenariosCount: number,
  output: CliOutput,
): void {
  if (options.json) {
    const { entries: _entries, ...rest } = summary;
    output.out(`${JSON.stringify({ ...rest, workers: options.workers, seconds, runsPerSecond: summary.runs / Math.max(seconds, 1e-9) }, null, 2)}\n`);
    return;
  }
  const lastSeed = options.seed + options.runs - 1;
  const flags = [
    `profile ${options.profile}`,
    `scheduler ${options.scheduler}`,
    `exploration ${options.exploration}`,
    ...(options.faults === null ? [] : [`faults ${options.faults}`]),
    ...(options.crashRecovery ? ['recovery crashed too'] : []),
    ...(options.impl === null ? [] : [`impl ${options.impl}`]),
    ...(options.shard === null ? [] : [`shard ${options.shard.index}/${options.shard.count}`]),
    `${options.workers} worker${options.workers === 1 ? '' : 's'}`,
  ];
  output.out(`\ncrashsim campaign: seeds ${options.seed}..${lastSeed} of ${scenariosCount} scenarios; ${flags.join(', ')}\n`);
  output.out(`${formatSummaryTable(summary, seconds, secondsByScenario)}\n`);
  output.out(`${summary.runs} runs in ${seconds.toFixed(1)} s; campaign hash ${summary.campaignHash}\n`);
  if (!summary.completed) output.out(`stopped by the --time budget (${options.timeSeconds} s) before all ${options.runs} runs per scenario\n`);
  output.out(summary.failures === 0 ? 'every invariant held\n' : `${summary.failures} failing runs; reports in ${options.reportsDir}/\n`);
}

function runInWorkers(options: CliOptions, budgetMs: number, sink: PartSink): Promise<PartResult[]> {
  const boot = new URL('./worker-boot.mjs', import.meta.url);
  const entry = new URL(`./campaign-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
  return Promise.all(
    Array.from({ length: options.workers }, (_, index) => {
      const workerData: CampaignWorkerData = { entry, options, worker: { index, count: options.workers }, budgetMs };
      return new Promise<PartResult>((resolve, reject) => {
        const thread = new Worker(boot, { workerData });
        let result: PartResult | null = null;
        let running: RunningSeed | null = null;
        let failure: string | null = null;
        thread.on('message', (message: CampaignWorkerMessage) => {
          if (message.type === 'starting') running = { scenario: message.scenario, seed: message.seed };
          else if (message.type === 'ran') sink.ran(message.scenario, message.seed);
          else if (message.type === 'err') sink.err(message.text);
          else result = message.result;
        });
        thread.on('error', (error) => {
          failure = describeError(error);
        });
        thread.on('exit', (code) => {
          if (result !== null) resolve(result);
          else reject(new CampaignDeathError(describeDeath(`campaign worker ${index}`, running, failure ?? `it exited with code ${code}`)));
        });
      });
    }),
  );
}
