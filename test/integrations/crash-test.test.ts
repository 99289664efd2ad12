import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fixedStateFile from '../../examples/fixed-state-file.js';
import naiveStateFile from '../../examples/naive-state-file.js';
import { CrashTestFailure, CrashTestUsageError, crashTest, runCrashTest } from '../../integrations/vitest.js';
import { flatfsScenario } from '../../scenarios/flatfs/index.js';
import { stateFileScenario } from '../../scenarios/state-file/index.js';
import { SEED_MAX } from '../../sim/index.js';
import { findNaiveSeeds, type NaiveSeeds } from './naive-seeds.js';

/**
 * crashsim/vitest in this process: crashTest registering passing campaigns, and runCrashTest (what
 * it runs) failing with the shrunk timeline, the report and the replay and rerun commands,
 * following CRASHSIM_SEED and CRASHSIM_RUNS, and refusing bad values in one line.
 */

crashTest('crashTest: the bundled state file holds 30 seeds', { scenario: stateFileScenario, runs: 30 });
crashTest('crashTest: the bundled FlatStore holds 10 seeds under ext4-ordered', { scenario: flatfsScenario, runs: 10, profile: 'ext4-ordered' });
crashTest('crashTest: the fixed example state file holds 30 seeds with exhaustive exploration', {
  scenario: stateFileScenario,
  impl: fixedStateFile,
  runs: 30,
  exploration: 'exhaustive',
});

let reportsDir = '';
let seeds: NaiveSeeds = { passing: -1, failingAfterFirst: -1 };
beforeAll(async () => {
  reportsDir = mkdtempSync(join(tmpdir(), 'crashsim-crash-test-'));
  seeds = await findNaiveSeeds();
});
afterAll(() => rmSync(reportsDir, { recursive: true, force: true }));

async function failureOf(run: Promise<unknown>): Promise<CrashTestFailure> {
  const error = await run.then(
    () => null,
    (rejected: unknown) => rejected,
  );
  if (!(error instanceof CrashTestFailure)) throw new Error(`expected a CrashTestFailure, got ${String(error)}`);
  return error;
}

const naiveWithoutModule = { scenario: stateFileScenario, impl: naiveStateFile, runs: 20 };
const naive = { ...naiveWithoutModule, implModule: 'examples/naive-state-file.ts' };

describe('runCrashTest on a known-buggy state file', () => {
  it('fails with the headline, the report path, the replay and rerun commands and the shrunk timeline', async () => {
    const failure = await failureOf(runCrashTest('naive', { ...naive, reportsDir }, { env: {}, testFile: 'test/state.crash.ts' }));
    const details = failure.details;
    expect(details).not.toBeNull();
    const { seed, jsonPath, timelinePath } = details ?? { seed: -1, jsonPath: '', timelinePath: '' };
    expect(existsSync(jsonPath) && existsSync(timelinePath)).toBe(true);
    expect(failure.message).toMatch(new RegExp(`^FAIL state-file seed ${seed}: \\[(no-partial-visibility|acknowledged-durability)\\]`));
    expect(failure.message).toContain(`report:   ${jsonPath}\n`);
    expect(failure.message).toContain(`replay:   npx crashsim --replay ${jsonPath} --impl examples/naive-state-file.ts`);
    expect(failure.message).toContain(`rerun:    CRASHSIM_SEED=${seed} npx vitest run test/state.crash.ts -t naive\n`);
    expect(failure.message).toContain(readFileSync(timelinePath, 'utf8'));
    expect(failure.message).toContain('(minimized case)');
    expect(failure.stack).toBe(`CrashTestFailure: ${failure.message}`);
  });

  it('CRASHSIM_SEED runs exactly that seed: a passing one passes, a failing one fails alone', async () => {
    const passed = await runCrashTest('naive', { ...naive, reportsDir }, { env: { CRASHSIM_SEED: String(seeds.passing) } });
    expect(passed).toMatchObject({ firstSeed: seeds.passing, runs: 1 });
    const failure = await failureOf(runCrashTest('naive', { ...naive, reportsDir }, { env: { CRASHSIM_SEED: String(seeds.failingAfterFirst) } }));
    expect(failure.details?.seed).toBe(seeds.failingAfterFirst);
    expect(failure.message).toContain(`the first failing seed of seed ${seeds.failingAfterFirst} only`);
  });

  it('CRASHSIM_RUNS sets the number of seeds, from the test seed or from CRASHSIM_SEED', async () => {
    const bundled = { scenario: stateFileScenario, runs: 3, seed: 10 };
    expect(await runCrashTest('runs', bundled, { env: { CRASHSIM_RUNS: '7' } })).toMatchObject({ firstSeed: 10, runs: 7 });
    expect(await runCrashTest('runs', bundled, { env: { CRASHSIM_RUNS: '4', CRASHSIM_SEED: '50' } })).toMatchObject({ firstSeed: 50, runs: 4 });
    expect(await runCrashTest('runs', bundled, { env: { CRASHSIM_RUNS: ' ', CRASHSIM_SEED: '' } })).toMatchObject({ firstSeed: 10, runs: 3 });
  });

  it('a scenario of your own gets --scenario in the replay command, or a placeholder saying what to give', async () => {
    const mine = { ...stateFileScenario, name: 'my-state-file' };
    const placeholder = await failureOf(runCrashTest('mine', { ...naiveWithoutModule, scenario: mine, reportsDir }, { env: {} }));
    expect(placeholder.message).toContain('--scenario <module exporting your scenario> --impl <module exporting your factory>');
    expect(placeholder.message).toContain('give crashTest scenarioModule and implModule');
    const named = await failureOf(runCrashTest('mine', { ...naive, scenario: mine, scenarioModule: 'test/my.scenario.ts', reportsDir }, { env: {} }));
    expect(named.details?.replayCommand).toMatch(/^npx crashsim --replay \S+my-state-file-\d+(-\d+)?\.json --scenario test\/my\.scenario\.ts --impl examples\/naive-state-file\.ts$/);
  });

  it('a campaign cut short by its time budget fails, saying how many runs it did', async () => {
    const failure = await failureOf(runCrashTest('short', { scenario: stateFileScenario, runs: 100_000, timeoutMs: 1 }, { env: {} }));
    expect(failure.details).toBeNull();
    expect(failure.message).toMatch(/^crashTest "short": ran \d+ of 100000 runs .*raise timeoutMs or lower runs$/);
  });
});

describe('bad input fails the test with one line naming what was wrong', () => {
  const cases: readonly [string, Record<string, string>, string][] = [
    ['a seed that is not a number', { CRASHSIM_SEED: 'abc' }, `CRASHSIM_SEED must be an integer from 0 to ${SEED_MAX}, got "abc"`],
    ['a negative seed', { CRASHSIM_SEED: '-1' }, 'CRASHSIM_SEED must be an integer'],
    ['a fractional seed', { CRASHSIM_SEED: '1.5' }, 'CRASHSIM_SEED must be an integer'],
    ['a seed past the largest', { CRASHSIM_SEED: String(SEED_MAX + 1) }, 'CRASHSIM_SEED must be an integer'],
    ['zero runs', { CRASHSIM_RUNS: '0' }, 'CRASHSIM_RUNS must be an integer from 1 to 10000000, got "0"'],
    ['runs in words', { CRASHSIM_RUNS: 'many' }, 'CRASHSIM_RUNS must be an integer'],
  ];
  for (const [what, env, message] of cases) {
    it(`${what}: ${JSON.stringify(env)}`, async () => {
      const error: unknown = await runCrashTest('env', { scenario: stateFileScenario, runs: 1 }, { env }).catch((rejected: unknown) => rejected);
      expect(error).toBeInstanceOf(CrashTestUsageError);
      const usage = error as CrashTestUsageError;
      expect(usage.message).toContain(message);
      expect(usage.message).not.toContain('\n');
      expect(usage.stack).toBe(`CrashTestUsageError: ${usage.message}`);
    });
  }

  it('bad options name the test and the option', async () => {
    const bad = async (options: Parameters<typeof runCrashTest>[1]): Promise<string> => {
      const error: unknown = await runCrashTest('opts', options, { env: {} }).catch((rejected: unknown) => rejected);
      expect(error).toBeInstanceOf(CrashTestUsageError);
      return (error as Error).message;
    };
    expect(await bad({ scenario: stateFileScenario, runs: 0 })).toBe('crashTest "opts": runs must be an integer from 1 to 10000000, got 0');
    expect(await bad({ scenario: stateFileScenario, profile: 'ext5' as 'posix' })).toBe('crashTest "opts": profile must be one of posix, ext4-ordered, process, got ext5');
    expect(await bad({ scenario: stateFileScenario, seed: SEED_MAX, runs: 2 })).toContain('go past the largest seed');
    expect(await bad({ scenario: stateFileScenario, faults: 'eio-sync:sometimes' })).toMatch(/^crashTest "opts": .*eio-sync:sometimes/);
  });
});
