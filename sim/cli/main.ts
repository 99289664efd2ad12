import { SCENARIOS, findScenario } from '../../scenarios/index.js';
import { buildReport, decodeValue, readReport, ReportError, writeReport } from '../report/index.js';
import { runCampaign } from '../runner/campaign.js';
import { runScenario, type RunResult } from '../runner/run-scenario.js';
import type { AnyScenario, SystemFactory } from '../scenario.js';
import { shrinkFailure } from '../shrink/index.js';
import { HELP, UsageError, parseArgs, type CliOptions } from './args.js';
import { confirmReplay } from './confirm-replay.js';
import { formatSummaryTable } from './format.js';
import { loadImpl } from './load-impl.js';
import { wallClockMs } from './wall-clock.js';

/**
 * `npm run sim`: the composition root of the simulator. It is the one place in sim/ that knows the
 * bundled scenarios (the runner itself takes any scenario), which is why it imports scenarios/.
 */

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

const REPORTS_PER_SCENARIO_MAX = 3;
/** Wall-clock budget for shrinking one failure. */
const SHRINK_SECONDS_MAX = 10;

export async function main(argv: readonly string[], output: CliOutput): Promise<number> {
  try {
    const options = parseArgs(argv);
    if (options.help) {
      output.out(`${HELP}\n\nScenarios:\n${SCENARIOS.map((s) => `  ${s.name.padEnd(20)} ${s.description}`).join('\n')}\n`);
      return 0;
    }
    const impl = options.impl === null ? undefined : await loadImpl(options.impl);
    if (options.replay !== null && options.backend === 'real') return await confirmReplay(options, impl, output);
    if (options.replay !== null) return await replay(options, impl, output);
    return await campaign(options, impl, output);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ReportError) {
      output.err(`crashsim: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function selectScenarios(names: string[] | null): AnyScenario[] {
  if (names === null) return [...SCENARIOS];
  return names.map((name) => {
    const scenario = findScenario(name);
    if (scenario === undefined) throw new UsageError(`unknown scenario ${JSON.stringify(name)}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    return scenario;
  });
}

async function campaign(options: CliOptions, impl: SystemFactory<unknown> | undefined, output: CliOutput): Promise<number> {
  const scenarios = selectScenarios(options.scenarios);
  const started = wallClockMs();
  const deadline = started + options.timeSeconds * 1000;
  const secondsByScenario = new Map<string, number>();
  const reportsByScenario = new Map<string, number>();
  let scenarioStarted = started;
  let currentScenario = '';
  let lastProgress = started;
  let runsDone = 0;
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
    },
    ...(impl === undefined ? {} : { impl }),
    ...(options.shard === null ? {} : { shard: options.shard }),
    shouldStop: () => wallClockMs() > deadline,
    onRun: async (result) => {
      const now = wallClockMs();
      if (result.scenario !== currentScenario) {
        currentScenario = result.scenario;
        scenarioStarted = now;
      }
      secondsByScenario.set(result.scenario, (now - scenarioStarted) / 1000);
      runsDone++;
      if (now - lastProgress > 2000 && !options.json) {
        lastProgress = now;
        output.err(`  ... ${runsDone} runs, now ${result.scenario} seed ${result.options.seed}\n`);
      }
      if (result.violations.length === 0) return;
      const written = reportsByScenario.get(result.scenario) ?? 0;
      if (written >= REPORTS_PER_SCENARIO_MAX) return;
      reportsByScenario.set(result.scenario, written + 1);
      await reportFailure(findScenario(result.scenario) ?? (scenarios[0] as AnyScenario), result, options, impl, output);
    },
  });
  const seconds = (wallClockMs() - started) / 1000;
  if (options.json) {
    output.out(`${JSON.stringify({ ...summary, seconds, runsPerSecond: summary.runs / Math.max(seconds, 1e-9) }, null, 2)}\n`);
  } else {
    const lastSeed = options.seed + options.runs - 1;
    output.out(`\ncrashsim campaign: seeds ${options.seed}..${lastSeed} of ${scenarios.length} scenarios, profile ${options.profile}, scheduler ${options.scheduler}, exploration ${options.exploration}` +
      `${impl === undefined ? '' : `, impl ${options.impl}`}${options.shard === null ? '' : `, shard ${options.shard.index}/${options.shard.count}`}\n`);
    output.out(`${formatSummaryTable(summary, seconds, secondsByScenario)}\n`);
    output.out(`${summary.runs} runs in ${seconds.toFixed(1)} s; campaign hash ${summary.campaignHash}\n`);
    if (!summary.completed) output.out(`stopped by the --time budget (${options.timeSeconds} s) before all ${options.runs} runs per scenario\n`);
    output.out(summary.failures === 0 ? 'every invariant held\n' : `${summary.failures} failing runs; reports in ${options.reportsDir}/\n`);
  }
  return summary.failures === 0 ? 0 : 1;
}

async function reportFailure(scenario: AnyScenario, result: RunResult, options: CliOptions, impl: SystemFactory<unknown> | undefined, output: CliOutput): Promise<void> {
  let minimized: RunResult | null = null;
  let shrinking: string | null = null;
  if (options.shrink) {
    const deadline = wallClockMs() + SHRINK_SECONDS_MAX * 1000;
    const shrunk = await shrinkFailure(scenario, result, { ...(impl === undefined ? {} : { impl }), shouldStop: () => wallClockMs() > deadline });
    minimized = shrunk.minimal;
    shrinking = shrunk.summary;
  }
  const report = buildReport(scenario, result, { impl: options.impl, minimized, shrinking });
  const written = await writeReport(options.reportsDir, report);
  const first = result.violations[0];
  output.err(`FAIL ${scenario.name} seed ${result.options.seed}: [${first?.invariant}] ${first?.message}\n`);
  if (shrinking !== null) output.err(`  ${shrinking}\n`);
  output.err(`  timeline: ${written.timelinePath}\n  replay:   npm run sim -- --replay ${written.jsonPath}${options.impl === null ? '' : ` --impl ${options.impl}`}\n`);
}

async function replay(options: CliOptions, impl: SystemFactory<unknown> | undefined, output: CliOutput): Promise<number> {
  const path = options.replay as string;
  const report = await readReport(path);
  const scenario = findScenario(report.scenario);
  if (scenario === undefined) throw new ReportError(`report ${path} names scenario ${JSON.stringify(report.scenario)}, which this crashsim does not have`);
  if (report.impl !== null && impl === undefined) {
    output.err(`note: the report was made with --impl ${report.impl}; replaying against the bundled implementation\n`);
  }
  const chosen = options.replayMinimized && report.minimized !== null ? report.minimized : report.original;
  const workload = decodeValue(chosen.workload) as unknown[][];
  const result = await runScenario(
    scenario,
    { ...chosen.options, crashStep: chosen.crashStep },
    { workload, ...(impl === undefined ? {} : { impl }) },
  );
  const same = result.traceHash === chosen.traceHash;
  output.out(same
    ? `replayed ${report.scenario} seed ${report.seed}: same trace hash ${result.traceHash}\n`
    : `replayed ${report.scenario} seed ${report.seed}: DIVERGED, trace hash ${result.traceHash} (report has ${chosen.traceHash}); the code or crashsim changed since the report was made\n`);
  if (result.violations.length === 0) {
    output.out('no violation: every invariant held on replay\n');
    return 0;
  }
  for (const v of result.violations) output.out(`  [${v.invariant}] (crash after step ${v.crashStep}, state ${v.state}) ${v.message}\n`);
  return 1;
}
