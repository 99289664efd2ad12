import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/help.js';
import { writeReport } from '../../sim/report/index.js';
import { blobMutant, findFailingReport } from '../sim/confirm/find-case.js';
import { sim } from './run-cli.js';

/**
 * The CLI never reports work it did not do: every case here ends with its documented exit code
 * (EXIT in cli/help.ts, stated by --help and the README).
 */

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crashsim-never-lies-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a time budget that ends the campaign early', () => {
  it('shares the budget among the scenarios, says how many of their runs ran, and exits 3', async () => {
    const result = await sim('--time', '1', '--runs', '100000', '--scenario', 'blob,wal,mvcc', '--workers', '1', '--reports', dir, '--json');
    const summary = JSON.parse(result.out) as { end: string; exitCode: number; completed: boolean; scenarios: { scenario: string; runs: number; requested: number }[] };
    expect(summary.end).toBe('time-budget');
    expect(summary.completed).toBe(false);
    const runs = summary.scenarios.map((s) => s.runs);
    // Round-robin: every scenario ran, each at most one run behind another.
    expect(Math.min(...runs)).toBeGreaterThan(0);
    expect(Math.max(...runs) - Math.min(...runs)).toBeLessThanOrEqual(1);
    expect(summary.scenarios.every((s) => s.requested === 100_000)).toBe(true);
    expect(summary.exitCode).toBe(EXIT.incomplete);
    expect(result.code).toBe(EXIT.incomplete);
  });

  it('never says "every invariant held" of it', async () => {
    const result = await sim('--time', '1', '--runs', '100000', '--scenario', 'blob,wal', '--workers', '2', '--reports', dir);
    expect(result.out).not.toContain('every invariant held');
    expect(result.out).toMatch(/^INCOMPLETE: the --time budget \(1 s\) ended the campaign after \d+ of 200000 requested runs; short: blob \d+\/100000, wal \d+\/100000; raise --time or lower --runs$/m);
    expect(result.out).toMatch(/^blob\s+\d+\/100000\s/m);
    expect(result.out).toMatch(/campaign hash [0-9a-f]{16} \(of the runs made only\)/);
    expect(result.code).toBe(EXIT.incomplete);
  });

  it('a violation still wins: exit 1', async () => {
    const result = await sim('--time', '1', '--runs', '100000', '--scenario', 'blob', '--impl', 'test/mutants/blob/no-dir-sync.ts', '--workers', '1', '--reports', dir, '--no-shrink', '--reports-max', '0');
    expect(result.out).toMatch(/INCOMPLETE/);
    expect(result.out).toMatch(/failing runs?; reports: none written, at most 0 per scenario/);
    expect(result.code).toBe(EXIT.violation);
  });
});

describe('bad usage, refused before the first run (exit 2)', () => {
  it.each([
    [['--impl', 'test/mutants/blob/no-dir-sync.ts'], /--impl replaces the implementation of one scenario: add --scenario NAME/],
    [['--scenario', 'blob,wal', '--impl', 'test/mutants/blob/no-dir-sync.ts'], /--impl replaces the implementation of one scenario, but --scenario names 2/],
    [['--max-states', '8'], /--max-states bounds exhaustive exploration: add --exploration exhaustive/],
    [['--runs', '5', '--runs', '6'], /--runs is given twice/],
    [['--json', '--json'], /--json is given twice/],
    [['--seed', '281474976710655', '--runs', '2'], /would run seeds past 281474976710655/],
    [['--replay', 'r.json', '--reports', 'x'], /--reports shapes a campaign and would do nothing with --replay/],
    [['--replay', 'r.json', '--reports-max', '2'], /--reports-max shapes a campaign/],
  ])('%j', async (argv, message) => {
    const result = await sim(...argv);
    expect(result.err).toMatch(message);
    expect(result.code).toBe(EXIT.usage);
  });

  it('--reports pointing at a file, under a file, or where nothing may be written', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'not a directory');
    const cases: [string, RegExp][] = [
      [file, /--reports .*a-file is not a directory; choose a directory for the reports/],
      [join(file, 'reports'), /--reports .*a-file\/reports is under .*a-file, which is not a directory/],
    ];
    const unwritable = await unwritablePlace();
    if (unwritable !== null) cases.push([unwritable, /is not writable|cannot be made/]);
    for (const [reportsDir, message] of cases) {
      const result = await sim('--scenario', 'blob', '--runs', '1', '--reports', reportsDir);
      expect(result.err, reportsDir).toMatch(message);
      expect(result.out, 'no run happened').toBe('');
      expect(result.code).toBe(EXIT.usage);
    }
    expect(cases.length, 'no unwritable place to test on this machine').toBe(3);
  });
});

/** A directory we may not write in: a read-only one for a normal user, a pseudo-filesystem for root. */
async function unwritablePlace(): Promise<string | null> {
  if (process.getuid?.() !== 0) {
    const locked = join(dir, 'locked');
    await mkdir(locked, { recursive: true });
    await chmod(locked, 0o500);
    return join(locked, 'reports');
  }
  const sys = await stat('/sys/kernel').catch(() => null);
  return sys === null ? null : '/sys/kernel/crashsim-reports';
}

describe('replaying a report', () => {
  let withImpl = '';
  let corrupt = '';
  let unknownOp = '';
  beforeAll(async () => {
    const report = await findFailingReport(blobMutant('no-dir-sync').factory);
    withImpl = (await writeReport(join(dir, 'impl'), { ...report, impl: 'no/such/impl.ts' })).jsonPath;
    corrupt = (await writeReport(join(dir, 'corrupt'), { ...report, original: { ...report.original, workload: [[{ kind: 'frobnicate', key: 'a' }]] } })).jsonPath;
    unknownOp = (await writeReport(join(dir, 'unknown'), { ...report, original: { ...report.original, workload: [[{}]] } })).jsonPath;
  });

  it('made with an --impl that does not load from here: exit 2, saying so (never a replay against the bundled store)', async () => {
    const result = await sim('--replay', withImpl);
    expect(result.err).toMatch(/the report was made with --impl no\/such\/impl.ts, which does not load from here .* give the implementation with --impl PATH/);
    expect(result.out).toBe('');
    expect(result.code).toBe(EXIT.usage);
  });

  it('whose workload holds operations its scenario does not know: exit 2, corrupt', async () => {
    for (const path of [corrupt, unknownOp]) {
      const result = await sim('--replay', path, '--impl', 'test/mutants/blob/no-dir-sync.ts');
      expect(result.err).toMatch(/report .* is corrupt: "original.workload\[0\]\[0\]" is not an operation (of )?scenario blob/);
      expect(result.code).toBe(EXIT.usage);
    }
  });

  it('--minimized of a report without a minimized case: exit 2', async () => {
    const result = await sim('--replay', withImpl, '--minimized', '--impl', 'test/mutants/blob/no-dir-sync.ts');
    expect(result.err).toMatch(/--minimized: report .* has no minimized case/);
    expect(result.code).toBe(EXIT.usage);
  });
});

describe('--json', () => {
  it('lists every report written with its paths and the command that replays it', async () => {
    const reports = join(dir, 'json');
    const result = await sim('--scenario', 'blob', '--impl', 'test/mutants/blob/no-dir-sync.ts', '--runs', '40', '--reports', reports, '--json', '--no-shrink', '--workers', '2', '--reports-max', '2');
    const summary = JSON.parse(result.out) as { reportsMaxPerScenario: number; reports: { scenario: string; seed: number; json: string; timeline: string; replay: string }[]; exitCode: number };
    expect(summary.reportsMaxPerScenario).toBe(2);
    // Two workers share one budget of reports per scenario.
    expect(summary.reports).toHaveLength(2);
    expect((await readdir(reports)).filter((f) => f.endsWith('.json')).sort()).toEqual(summary.reports.map((r) => r.json.slice(reports.length + 1)).sort());
    for (const report of summary.reports) {
      expect(report.replay).toBe(`npm run sim -- --replay ${report.json}`);
      expect(await readFile(report.timeline, 'utf8')).toContain(`seed ${report.seed}`);
    }
    expect(summary.exitCode).toBe(EXIT.violation);
    expect(result.code).toBe(EXIT.violation);
  });
});
