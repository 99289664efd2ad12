import { resolve } from 'node:path';
import { findScenario } from '../scenarios/index.js';
import { type FailureReport, type ReportedCase, ReportError, decodeWorkloadFor, readReport } from '../sim/report/index.js';
import type { AnyScenario, SystemFactory } from '../sim/scenario.js';
import { checkSwarmFitsScenario } from '../sim/swarm/index.js';
import { type CliOptions, UsageError } from './args.js';
import { loadImpl } from './load-impl.js';
import { loadScenarioModule } from './load-scenario.js';
import type { CliOutput } from './output.js';

/**
 * Everything a replay needs from a report, loaded and checked before anything runs: the report,
 * its scenario (bundled, or its module loaded again), the implementation (`--impl`, else the
 * report's own), the case asked for, and its workload checked against the scenario. Whatever
 * cannot be found is an error that says what and how to fix it, never a silent fallback to
 * something the report was not made with.
 */

export interface ReplaySource {
  readonly path: string;
  readonly report: FailureReport;
  readonly scenario: AnyScenario;
  /** The scenario module's absolute path (kill mode's child loads it), or null when bundled. */
  readonly scenarioModulePath: string | null;
  /** The implementation, or undefined for the scenario's bundled one. */
  readonly impl: { readonly factory: SystemFactory<unknown>; readonly modulePath: string } | undefined;
  readonly which: 'original' | 'minimized';
  readonly chosen: ReportedCase;
  readonly workload: unknown[][];
}

export async function loadReplaySource(options: CliOptions, output: CliOutput): Promise<ReplaySource> {
  const path = options.replay as string;
  const report = await readReport(path);
  const scenario = await scenarioOf(report, path);
  const impl = await implOf(report, options, output, scenario);
  if (options.replayMinimized && report.minimized === null) {
    throw new UsageError(`--minimized: report ${path} has no minimized case (it was made with --no-shrink, or shrinking found nothing smaller); replay it without --minimized`);
  }
  const which = options.replayMinimized ? 'minimized' : 'original';
  const chosen = which === 'minimized' && report.minimized !== null ? report.minimized : report.original;
  checkSwarmFits(chosen, scenario, path, which);
  return {
    path,
    report,
    scenario,
    scenarioModulePath: report.scenarioModule === null ? null : resolve(process.cwd(), report.scenarioModule),
    impl,
    which,
    chosen,
    workload: decodeWorkloadFor(scenario, chosen, path, which),
  };
}

/** A swarm configuration whose knobs the scenario does not have was edited or made by another version. */
function checkSwarmFits(chosen: ReportedCase, scenario: AnyScenario, path: string, which: string): void {
  if (chosen.options.swarm === null) return;
  try {
    checkSwarmFitsScenario(chosen.options.swarm, scenario.swarm, scenario.name);
  } catch (error) {
    throw new ReportError(`report ${path} is corrupt: "${which}.options.swarm": ${(error as Error).message}`);
  }
}

async function scenarioOf(report: FailureReport, path: string): Promise<AnyScenario> {
  if (report.scenarioModule === null) {
    const bundled = findScenario(report.scenario);
    if (bundled === undefined) {
      throw new ReportError(`report ${path} names scenario ${JSON.stringify(report.scenario)}, which this crashsim does not have (and the report records no scenario module)`);
    }
    return bundled;
  }
  let loaded: AnyScenario;
  try {
    loaded = await loadScenarioModule(report.scenarioModule, `the report's scenario module`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(`${error.message}; replay from the directory the campaign ran in (module paths in a report are relative to it)`);
  }
  if (loaded.name !== report.scenario) {
    throw new ReportError(`report ${path} was made by scenario ${JSON.stringify(report.scenario)}, but its module ${report.scenarioModule} now defines ${JSON.stringify(loaded.name)}`);
  }
  return loaded;
}

/** `--impl` when given; else the report's implementation, which must load from here. */
async function implOf(report: FailureReport, options: CliOptions, output: CliOutput, scenario: AnyScenario): Promise<ReplaySource['impl']> {
  if (options.impl !== null) return { factory: await loadImpl(options.impl, scenario), modulePath: resolve(process.cwd(), options.impl) };
  if (report.impl === null) return undefined;
  try {
    const factory = await loadImpl(report.impl, scenario);
    output.err(`note: using the report's implementation, --impl ${report.impl}\n`);
    return { factory, modulePath: resolve(process.cwd(), report.impl) };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(
      `the report was made with --impl ${report.impl}, which does not load from here (${error.message}); ` +
        'replay from the directory the campaign ran in, or give the implementation with --impl PATH',
    );
  }
}
