import { relative, resolve } from 'node:path';
import {
  SEED_MAX,
  eraseScenario,
  formatTimeline,
  reportFailure,
  resolveRunOptions,
  runCampaign,
  type AnyScenario,
  type ReportedFailure,
  type RunOptions,
  type RunResult,
  type Scenario,
  type SystemFactory,
} from '../sim/index.js';
import { SCENARIOS } from '../scenarios/index.js';
import { CrashTestUsageError, type Environment, RUNS_MAX, SEED_VARIABLE, readEnvironment } from './environment.js';

/**
 * A crash-test campaign as one test: consecutive seeds of one scenario against one implementation;
 * the first failing seed is shrunk and reported (JSON report and readable timeline), and the test
 * fails with the shrunk timeline, the report's path and the commands that replay it. Independent
 * of the test runner: `crashsim/vitest` registers it as a vitest test.
 */

export interface CrashTestOptions<System, Operation = unknown, Result = unknown> extends Omit<RunOptions, 'seed'> {
  /** The scenario: a bundled one (`crashsim/scenarios`) or your own. */
  readonly scenario: Scenario<System, Operation, Result>;
  /** The implementation under test. Default: the scenario's bundled one. */
  readonly impl?: SystemFactory<System>;
  /** The module whose default export is `impl`, for the replay command (`--impl`). */
  readonly implModule?: string;
  /** The module exporting your scenario, for the replay command (`--scenario`); not needed for a bundled one. */
  readonly scenarioModule?: string;
  /** Seeds to run, from `seed`. Default 100; `CRASHSIM_RUNS` overrides it. */
  readonly runs?: number;
  /** The first seed. Default 1; `CRASHSIM_SEED` runs exactly that seed instead. */
  readonly seed?: number;
  /** Where the failure report goes. Default `reports`. */
  readonly reportsDir?: string;
  /** Shrink the failing case before reporting it. Default true. */
  readonly shrink?: boolean;
  /**
   * The test's time budget, in ms. Default 60,000. The campaign stops at three quarters of it (and
   * the test fails saying how many runs it did), shrinking at nine tenths.
   */
  readonly timeoutMs?: number;
}

/** What a campaign that held did. */
export interface CrashTestSummary {
  readonly scenario: string;
  readonly firstSeed: number;
  readonly runs: number;
  readonly crashStates: number;
  readonly campaignHash: string;
}

/** Where a failure was written and how to replay it. */
export interface CrashTestFailureDetails {
  readonly seed: number;
  readonly jsonPath: string;
  readonly timelinePath: string;
  readonly replayCommand: string;
  readonly rerunCommand: string;
}

/** The test failed: a seed broke an invariant, or the campaign ran out of time. */
export class CrashTestFailure extends Error {
  override readonly name = 'CrashTestFailure';
  // Private, so that reporters which print an error's own fields do not repeat the message.
  readonly #details: CrashTestFailureDetails | null;

  constructor(message: string, details: CrashTestFailureDetails | null) {
    super(message);
    this.#details = details;
    // The message holds the timeline and the commands; a stack into crashsim would only add noise.
    this.stack = `${this.name}: ${message}`;
  }

  /** Null when the campaign ran out of time without a failure. */
  get details(): CrashTestFailureDetails | null {
    return this.#details;
  }
}

/** Where the test runs: its environment, and its file and name for the command that reruns it. */
export interface CrashTestContext {
  readonly env?: Environment;
  /** The test file, for the rerun command. */
  readonly testFile?: string;
}

export const CRASH_TEST_RUNS_DEFAULT = 100;
export const CRASH_TEST_TIMEOUT_MS_DEFAULT = 60_000;
const CAMPAIGN_SHARE_OF_TIMEOUT = 0.75;
const SHRINK_SHARE_OF_TIMEOUT = 0.9;

/** The campaign a test runs, after the environment and the options were checked. */
interface Plan {
  readonly name: string;
  readonly scenario: AnyScenario;
  readonly impl: SystemFactory<unknown> | undefined;
  readonly run: Omit<RunOptions, 'seed'>;
  readonly seed: number;
  readonly runs: number;
  readonly timeoutMs: number;
}

/** Runs the campaign; resolves with its summary when every invariant held, else throws CrashTestFailure. */
export async function runCrashTest<System, Operation, Result>(
  name: string,
  options: CrashTestOptions<System, Operation, Result>,
  context: CrashTestContext = {},
): Promise<CrashTestSummary> {
  const plan = planCampaign(name, options, context.env ?? process.env);
  const startedMs = performance.now();
  const elapsedMs = (): number => performance.now() - startedMs;
  let failure: RunResult | null = null;
  const summary = await runCampaign({
    seed: plan.seed,
    scenarios: [plan.scenario],
    runsPerScenario: plan.runs,
    run: plan.run,
    ...(plan.impl === undefined ? {} : { impl: plan.impl }),
    shouldStop: () => failure !== null || elapsedMs() > plan.timeoutMs * CAMPAIGN_SHARE_OF_TIMEOUT,
    onRun: (result) => {
      if (failure === null && result.violations.length > 0) failure = result;
    },
  });
  if (failure !== null) {
    const reported = await reportFailure(plan.scenario, failure, {
      reportsDir: options.reportsDir ?? 'reports',
      implLabel: options.implModule ?? null,
      scenarioModule: options.scenarioModule ?? null,
      shrink: options.shrink ?? true,
      shrinkShouldStop: () => elapsedMs() > plan.timeoutMs * SHRINK_SHARE_OF_TIMEOUT,
      ...(plan.impl === undefined ? {} : { impl: plan.impl }),
    });
    throw failureOf(plan, options, context, reported);
  }
  if (summary.runs < plan.runs) {
    const seconds = (plan.timeoutMs / 1000).toFixed(0);
    throw new CrashTestFailure(`crashTest "${name}": ran ${summary.runs} of ${plan.runs} runs (seeds from ${plan.seed}) before the time budget ran out (timeoutMs ${plan.timeoutMs}, ${seconds} s); every run made held, but the rest did not run: raise timeoutMs or lower runs`, null);
  }
  return { scenario: plan.scenario.name, firstSeed: plan.seed, runs: summary.runs, crashStates: summary.scenarios[0]?.crashStates ?? 0, campaignHash: summary.campaignHash };
}

function planCampaign<System, Operation, Result>(name: string, options: CrashTestOptions<System, Operation, Result>, env: Environment): Plan {
  const overrides = readEnvironment(env);
  const { scenario, impl, implModule, scenarioModule, runs, seed, reportsDir, shrink, timeoutMs, ...run } = options;
  const where = `crashTest "${name}"`;
  if (typeof scenario !== 'object' || scenario === null || typeof scenario.name !== 'string') throw new CrashTestUsageError(`${where}: scenario must be a Scenario object, got ${String(scenario)}`);
  if (impl !== undefined && typeof impl !== 'function') throw new CrashTestUsageError(`${where}: impl must be a factory (fs, root) => Promise<System>, got ${typeof impl}`);
  for (const [label, value] of [['implModule', implModule], ['scenarioModule', scenarioModule], ['reportsDir', reportsDir]] as const) {
    if (value !== undefined && (typeof value !== 'string' || value === '')) throw new CrashTestUsageError(`${where}: ${label} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  if (shrink !== undefined && typeof shrink !== 'boolean') throw new CrashTestUsageError(`${where}: shrink must be true or false, got ${String(shrink)}`);
  const chosenSeed = overrides.seed ?? seed ?? 1;
  const chosenRuns = overrides.runs ?? (overrides.seed !== null ? 1 : (runs ?? CRASH_TEST_RUNS_DEFAULT));
  const budget = timeoutMs ?? CRASH_TEST_TIMEOUT_MS_DEFAULT;
  assertInteger(where, 'runs', chosenRuns, 1, RUNS_MAX);
  assertInteger(where, 'timeoutMs', budget, 1, 2 ** 31 - 1);
  try {
    resolveRunOptions({ ...run, seed: chosenSeed }, 1);
  } catch (error) {
    throw new CrashTestUsageError(`${where}: ${error instanceof Error ? error.message.replace(/^runScenario: /, '') : String(error)}`);
  }
  if (chosenSeed + chosenRuns - 1 > SEED_MAX) throw new CrashTestUsageError(`${where}: seeds ${chosenSeed}..${chosenSeed + chosenRuns - 1} go past the largest seed ${SEED_MAX}`);
  return { name, scenario: eraseScenario(scenario), impl, run, seed: chosenSeed, runs: chosenRuns, timeoutMs: budget };
}

function assertInteger(where: string, label: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new CrashTestUsageError(`${where}: ${label} must be an integer from ${min} to ${max}, got ${String(value)}`);
}

/** A path as the user should type it: relative to the working directory when inside it. */
function shownPath(path: string): string {
  const shown = relative(process.cwd(), resolve(path));
  return shown === '' || shown.startsWith('..') ? resolve(path) : shown;
}

/** Quotes for a POSIX shell when needed. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function failureOf<System, Operation, Result>(plan: Plan, options: CrashTestOptions<System, Operation, Result>, context: CrashTestContext, reported: ReportedFailure): CrashTestFailure {
  const seed = reported.report.seed;
  const jsonPath = shownPath(reported.jsonPath);
  const timelinePath = shownPath(reported.timelinePath);
  const bundled = SCENARIOS.includes(plan.scenario);
  // The report records the scenario and implementation modules, and a replay loads them again.
  const replayWords = ['npx', 'crashsim', '--replay', jsonPath];
  const placeholders: string[] = [];
  if (!bundled && options.scenarioModule === undefined) placeholders.push('scenarioModule');
  if (plan.impl !== undefined && options.implModule === undefined) placeholders.push('implModule');
  const replayCommand = replayWords.map(shellWord).join(' ');
  const fileWords = context.testFile === undefined ? [] : [shellWord(shownPath(context.testFile))];
  const rerunCommand = [`${SEED_VARIABLE}=${seed}`, 'npx', 'vitest', 'run', ...fileWords, '-t', shellWord(escapeRegExp(plan.name))].join(' ');
  const lines = [reported.headline];
  const range = plan.runs === 1 ? `seed ${plan.seed} only` : `seeds ${plan.seed}..${plan.seed + plan.runs - 1}`;
  lines.push(`  the first failing seed of ${range}${reported.shrinking === null ? '' : `; ${reported.shrinking}`}`);
  lines.push(`  report:   ${jsonPath}`, `  timeline: ${timelinePath}`);
  if (reported.htmlPath !== null) lines.push(`  html:     ${shownPath(reported.htmlPath)}`);
  lines.push(`  replay:   ${replayCommand}   (add --minimized for the shrunk case)`);
  if (placeholders.length > 0) lines.push(`            (give crashTest ${placeholders.join(' and ')} so that the report records the module a replay must load)`);
  lines.push(`  rerun:    ${rerunCommand}`, '');
  const which = reported.report.minimized === null ? 'original' : 'minimized';
  lines.push(formatTimeline(reported.report, which));
  return new CrashTestFailure(lines.join('\n'), { seed, jsonPath, timelinePath, replayCommand, rerunCommand });
}
