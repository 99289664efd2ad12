import { SCENARIOS, findScenario } from '../scenarios/index.js';
import { decodeValue, readReport, ReportError } from '../sim/report/index.js';
import { runScenario } from '../sim/runner/run-scenario.js';
import { describeError, type SystemFactory } from '../sim/index.js';
import { HELP, UsageError, parseArgs, type CliOptions } from './args.js';
import type { CliOutput } from './output.js';
import { confirmReplay } from './confirm-replay.js';
import { campaign } from './campaign-command.js';
import { implScenarios, loadImpl } from './load-impl.js';
import { CampaignDeathError, describeDeath, runningNow } from './run-death.js';

/**
 * `npm run sim`: the composition root of the simulator. The CLI folder is where the library (sim/)
 * meets the bundled scenarios; the runner itself takes any scenario.
 */

export type { CliOutput } from './output.js';

export async function main(argv: readonly string[], output: CliOutput): Promise<number> {
  try {
    const options = parseArgs(argv);
    if (options.help) {
      output.out(`${HELP}\n\nScenarios:\n${SCENARIOS.map((s) => `  ${s.name.padEnd(20)} ${s.description}`).join('\n')}\n`);
      return 0;
    }
    const impl = options.impl === null ? undefined : await loadImpl(options.impl, await implScenarios(options));
    if (options.replay !== null && options.backend === 'real') return await confirmReplay(options, impl, output);
    if (options.replay !== null) return await replay(options, impl, output);
    return await campaign(options, impl, output);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ReportError) {
      output.err(`crashsim: ${error.message}\n`);
      return 2;
    }
    if (error instanceof CampaignDeathError) {
      output.err(`crashsim: ${error.message}\n`);
      return 1;
    }
    output.err(`crashsim: ${describeDeath('the campaign', runningNow(), describeError(error))}\n`);
    return 1;
  }
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
