import { test, type TestContext } from 'vitest';
import { CRASH_TEST_TIMEOUT_MS_DEFAULT, type CrashTestOptions, type CrashTestSummary, runCrashTest } from './crash-test.js';

/**
 * `crashsim/vitest`: a crash-test campaign as a vitest test.
 *
 * ```ts
 * import { crashTest } from 'crashsim/vitest';
 * import { stateFileScenario } from 'crashsim/scenarios';
 * import openMyStateFile from '../src/my-state-file.js';
 *
 * crashTest('my state file survives crashes', {
 *   scenario: stateFileScenario,
 *   impl: openMyStateFile,
 *   implModule: 'src/my-state-file.ts',
 *   runs: 200,
 * });
 * ```
 *
 * The test runs seeds `seed`..`seed + runs - 1`; the first that breaks an invariant is shrunk and
 * reported under `reportsDir`, and the test fails with the shrunk case's timeline, the report's
 * path, the `npx crashsim --replay` command and the command that reruns the test on that seed
 * alone. `CRASHSIM_SEED=N` runs exactly seed N; `CRASHSIM_RUNS=N` runs N seeds. The failure is
 * plain text, so it reads the same in every reporter, JUnit XML included.
 */

export { CRASH_TEST_RUNS_DEFAULT, CRASH_TEST_TIMEOUT_MS_DEFAULT, CrashTestFailure, runCrashTest } from './crash-test.js';
export type { CrashTestContext, CrashTestFailureDetails, CrashTestOptions, CrashTestSummary } from './crash-test.js';
export { CrashTestUsageError, RUNS_VARIABLE, SEED_VARIABLE } from './environment.js';

/** Slack past the campaign's own budget, for vitest's timeout: the report is written after shrinking stops. */
const TIMEOUT_SLACK_MS = 5_000;

function describeSummary(summary: CrashTestSummary): string {
  const seeds = summary.runs === 1 ? `seed ${summary.firstSeed}` : `seeds ${summary.firstSeed}..${summary.firstSeed + summary.runs - 1}`;
  return `crashsim: ${summary.scenario}, ${seeds}: ${summary.runs} runs, ${summary.crashStates} crash states, every invariant held; campaign hash ${summary.campaignHash}`;
}

function body<System, Operation, Result>(name: string, options: CrashTestOptions<System, Operation, Result>) {
  return async (context: TestContext): Promise<void> => {
    const summary = await runCrashTest(name, options, { env: process.env, testFile: context.task.file.filepath });
    await context.annotate(describeSummary(summary), 'crashsim');
  };
}

function timeoutOf(options: { readonly timeoutMs?: number }): number {
  return (options.timeoutMs ?? CRASH_TEST_TIMEOUT_MS_DEFAULT) + TIMEOUT_SLACK_MS;
}

/** Registers a crash-test campaign as a vitest test (see the module's doc comment). */
export function crashTest<System, Operation, Result>(name: string, options: CrashTestOptions<System, Operation, Result>): void {
  test(name, body(name, options), timeoutOf(options));
}

/** As crashTest, run alone in its file (`test.only`). */
crashTest.only = function crashTestOnly<System, Operation, Result>(name: string, options: CrashTestOptions<System, Operation, Result>): void {
  test.only(name, body(name, options), timeoutOf(options));
};

/** As crashTest, registered but skipped (`test.skip`). */
crashTest.skip = function crashTestSkip<System, Operation, Result>(name: string, options: CrashTestOptions<System, Operation, Result>): void {
  test.skip(name, body(name, options), timeoutOf(options));
};
