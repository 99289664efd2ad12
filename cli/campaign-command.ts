import { EXIT } from './help.js';
import { Worker } from 'node:worker_threads';
import { mergeCampaignSummaries } from '../sim/runner/campaign.js';
import { describeError } from '../sim/index.js';
import type { CliOptions } from './args.js';
import { type PartResult, type PartShared, type PartSink, newPartShared, runCampaignPart } from './campaign-part.js';
import { requiresMarks } from './campaign-marks.js';
import { type CampaignEnd, campaignExitCode, printCampaignReport } from './campaign-summary.js';
import type { CampaignWorkerData, CampaignWorkerMessage } from './campaign-worker.js';
import { watchInterrupt } from './interrupt.js';
import { loadImpl } from './load-impl.js';
import { resolveScenarios } from './load-scenario.js';
import type { CliOutput } from './output.js';
import { Progress } from './progress.js';
import type { WrittenFailure } from './report-failure.js';
import { checkReportsDir } from './reports-dir.js';
import { CampaignDeathError, describeDeath, noteRunning, type RunningSeed } from './run-death.js';
import { wallClockMs } from './wall-clock.js';

/**
 * The campaign command: loads and checks everything it needs (scenarios, `--impl`, the reports
 * directory) before the first run, runs the selected scenarios' seeds in this thread or split
 * over worker threads (`--workers`), and prints the summary. Splitting changes nothing but the
 * speed: the runs, their trace hashes and the campaign hash are the same for any number of
 * workers. Exit codes: see EXIT in help.ts.
 */
export async function campaign(options: CliOptions, output: CliOutput): Promise<number> {
  const chosen = await resolveScenarios(options.scenarios);
  const impl = options.impl === null ? undefined : await loadImpl(options.impl, chosen[0]?.scenario);
  await checkReportsDir(options.reportsDir);
  const started = wallClockMs();
  const budgetMs = options.timeSeconds * 1000;
  const shared = newPartShared(chosen.length);
  const progress = new Progress({ total: requestedRuns(options) * chosen.length, budgetMs, write: (text) => output.err(text) });
  const reports: WrittenFailure[] = [];
  // What `--scenario` takes to run one seed alone: the name, or the module path.
  const argumentOf = (name: string): string => chosen.find((c) => c.scenario.name === name)?.module ?? name;
  const sink: PartSink = {
    ran: (scenario, seed, count) => {
      if (!options.json) progress.ran(scenario, seed, count);
    },
    err: (text) => output.err(text),
    starting: (scenario, seed) => noteRunning(argumentOf(scenario), seed),
    reported: (written) => reports.push(written),
  };
  const interrupt = watchInterrupt(() => {
    Atomics.store(shared.stop, 0, 1);
    output.err(`\ninterrupted: stopping after the runs in flight (${progress.line()}); Ctrl-C again to quit at once\n`);
  });
  let parts: PartResult[];
  try {
    parts = options.workers <= 1
      ? [await runCampaignPart({ options, chosen, impl, worker: undefined, budgetMs, shared, sink })]
      : await runInWorkers({ options, budgetMs, shared, sink, argumentOf, chosenNames: chosen.map((c) => c.scenario.name) });
  } finally {
    interrupt.dispose();
  }
  const summary = mergeCampaignSummaries(options.seed, parts.map((part) => part.summary));
  const end: CampaignEnd = interrupt.interrupted ? 'interrupted' : summary.completed ? 'complete' : 'time-budget';
  const marksChecked = requiresMarks(options, end === 'complete');
  const exitCode = campaignExitCode(summary, end, marksChecked);
  const seconds = (wallClockMs() - started) / 1000;
  printCampaignReport(options, { summary, end, exitCode, seconds, secondsByScenario: slowestPart(parts), reports, marksChecked }, output);
  // A run that never touched the disk tested nothing: that is no pass.
  const untouched = summary.scenarios.filter((s) => s.runs > 0 && s.workloadSteps === 0).map((s) => s.scenario);
  if (untouched.length > 0) {
    output.err(`crashsim: ${untouched.join(', ')}: the implementation never touched the simulated disk (no filesystem call under the root it was given, in any run), so nothing was tested; check that it writes under that root\n`);
    return EXIT.usage;
  }
  return exitCode;
}

/** Runs requested of each scenario: `--runs`, or the share `--shard` keeps of them. */
function requestedRuns(options: CliOptions): number {
  if (options.shard === null) return options.runs;
  return Math.max(0, Math.ceil((options.runs - options.shard.index) / options.shard.count));
}

/** Seconds per scenario: the parts run side by side, so the longest part is the campaign's. */
function slowestPart(parts: readonly PartResult[]): Map<string, number> {
  const seconds = new Map<string, number>();
  for (const part of parts) {
    for (const [name, spent] of Object.entries(part.secondsByScenario)) seconds.set(name, Math.max(seconds.get(name) ?? 0, spent));
  }
  return seconds;
}

interface WorkersInput {
  readonly options: CliOptions;
  readonly budgetMs: number;
  readonly shared: PartShared;
  readonly sink: PartSink;
  readonly argumentOf: (scenario: string) => string;
  /** The campaign's scenarios in order: a worker names the one it runs by its index. */
  readonly chosenNames: readonly string[];
}

/** The seed a worker was running, from what it wrote in shared memory (null before its first run). */
function runningSeed(running: Float64Array, names: readonly string[], argumentOf: (scenario: string) => string): RunningSeed | null {
  const name = names[running[0] ?? -1];
  const seed = running[1] ?? -1;
  return name === undefined || seed < 0 ? null : { scenario: argumentOf(name), seed };
}

function runInWorkers({ options, budgetMs, shared, sink, argumentOf, chosenNames }: WorkersInput): Promise<PartResult[]> {
  const boot = new URL('./worker-boot.mjs', import.meta.url);
  const entry = new URL(`./campaign-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
  return Promise.all(
    Array.from({ length: options.workers }, (_, index) => {
      const running = new Float64Array(new SharedArrayBuffer(2 * Float64Array.BYTES_PER_ELEMENT)).fill(-1);
      const workerData: CampaignWorkerData = { entry, running, options, worker: { index, count: options.workers }, budgetMs, shared };
      return new Promise<PartResult>((resolve, reject) => {
        const thread = new Worker(boot, { workerData });
        let result: PartResult | null = null;
        let failure: string | null = null;
        thread.on('message', (message: CampaignWorkerMessage) => {
          if (message.type === 'ran') sink.ran(message.scenario, message.seed, message.count);
          else if (message.type === 'err') sink.err(message.text);
          else if (message.type === 'reported') sink.reported(message.written);
          else result = message.result;
        });
        thread.on('error', (error) => {
          failure = describeError(error);
        });
        thread.on('exit', (code) => {
          if (result !== null) resolve(result);
          else reject(new CampaignDeathError(describeDeath(`campaign worker ${index}`, runningSeed(running, chosenNames, argumentOf), failure ?? `it exited with code ${code}`)));
        });
      });
    }),
  );
}
