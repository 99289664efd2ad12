import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sim } from './run-cli.js';

/**
 * The worked example of examples/counter-store through the CLI, exactly as its README runs it: a
 * scenario of one's own, made with defineScenario and given as `--scenario ./module`, gets what a
 * bundled one gets (campaign, shrinking, reports, replay, real-disk confirmation).
 */

const SCENARIO = 'examples/counter-store/counter.scenario.ts';
const BUGGY = 'examples/counter-store/buggy-counter-store.ts';

describe('--scenario ./module (the counter-store example)', () => {
  let reports = '';
  let reportPath = '';
  beforeAll(async () => {
    reports = await mkdtemp(join(tmpdir(), 'crashsim-scenario-module-'));
  });
  afterAll(async () => {
    await rm(reports, { recursive: true, force: true });
  });

  it('finds the buggy store: exit 1, a report that records the scenario module, a replay line without flags', async () => {
    const result = await sim('--scenario', SCENARIO, '--impl', BUGGY, '--runs', '40', '--reports', reports, '--reports-max', '1');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/FAIL counter-store seed \d+: \[acknowledged-durability\] after recovery the counter reads 0/);
    expect(result.out).toMatch(/counter-store\s+40\s+40\s/);
    expect(result.out).toMatch(/reports: 1 written in .*, at most 1 per scenario \(--reports-max\)/);
    const files = (await readdir(reports)).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(1);
    reportPath = join(reports, files[0] as string);
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as { scenario: string; scenarioModule: string; impl: string };
    expect(report).toMatchObject({ scenario: 'counter-store', scenarioModule: SCENARIO, impl: BUGGY });
    expect(result.err).toContain(`replay:   npm run sim -- --replay ${reportPath}\n`);
  });

  it('replays the report: it loads the scenario module and the implementation again', async () => {
    const result = await sim('--replay', reportPath);
    expect(result.out).toMatch(/^replayed counter-store seed \d+ \(original case\): same trace hash [0-9a-f]{16}$/m);
    expect(result.code).toBe(1);
    const minimized = await sim('--replay', reportPath, '--minimized');
    expect(minimized.out).toMatch(/same trace hash/);
    expect(minimized.code).toBe(1);
  });

  it('confirms it on the real disk: image mode loads the store here, kill mode\'s child loads the scenario module itself', async () => {
    const result = await sim('--replay', reportPath, '--minimized', '--backend', 'real');
    expect(result.out).toMatch(/^image mode: confirmed: \[acknowledged-durability\]/m);
    // A missing directory sync needs a power loss; a SIGKILL keeps the file's name.
    expect(result.out).toMatch(/^kill mode: not confirmed \(the real disk kept acknowledged-durability after a SIGKILL/m);
    expect(result.code).toBe(1);
  });

  it('passes the fixed store (the scenario\'s own default): exit 0', async () => {
    const result = await sim('--scenario', SCENARIO, '--runs', '60', '--reports', reports);
    expect(result.out).toContain('every invariant held');
    expect(result.code).toBe(0);
  });

  it('runs beside bundled scenarios, each with its own runs', async () => {
    const result = await sim('--scenario', `blob,${SCENARIO}`, '--runs', '5', '--reports', reports, '--json', '--workers', '2');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.out) as { scenarios: { scenario: string; runs: number }[] };
    expect(summary.scenarios.map((s) => [s.scenario, s.runs])).toEqual([['blob', 5], ['counter-store', 5]]);
  });

  it.each([
    [['--scenario', 'test/cli/fixtures/not-a-scenario.ts'], /--scenario test\/cli\/fixtures\/not-a-scenario.ts: the module must export a scenario made by defineScenario\(\.\.\.\).*; it exports \S/],
    [['--scenario', 'test/cli/fixtures/badly-named.scenario.ts'], /cannot load the module: defineScenario: "name" must be kebab-case .* got "Counter Store"/],
    [['--scenario', './no/such.scenario.ts'], /--scenario .\/no\/such.scenario.ts: cannot load the module/],
    [['--scenario', `${SCENARIO},${SCENARIO}`], /--scenario names .* twice/],
    [['--scenario', 'examples/counter-store/counter.scenario.ts,test/cli/fixtures/../../../examples/counter-store/counter.scenario.ts'], /two of the scenarios given are named "counter-store"/],
  ])('exits 2 for %j, saying why', async (argv, message) => {
    const result = await sim(...argv, '--reports', reports);
    expect(result.err).toMatch(message);
    expect(result.code).toBe(2);
  });
});
