import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/help.js';
import { sim } from './run-cli.js';

/**
 * What a replay says when the trace hash is not the report's: the same case run twice in this
 * process disagreeing with itself is a nondeterministic implementation (exit 4, with the first
 * call where the two runs part); two runs that agree mean the code changed since the report.
 */

const SCENARIO = 'examples/counter-store/counter.scenario.ts';

async function firstReport(dir: string, impl: string): Promise<string> {
  const result = await sim('--scenario', SCENARIO, '--impl', impl, '--runs', '30', '--reports', dir, '--reports-max', '1', '--workers', '1', '--no-shrink');
  expect(result.code).toBe(EXIT.violation);
  const json = (await readdir(dir)).find((file) => file.endsWith('.json'));
  if (json === undefined) throw new Error('no report written');
  return join(dir, json);
}

describe('--replay of a case that does not follow its report', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crashsim-replay-verdicts-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says NONDETERMINISTIC, with the first call where two runs differ, and exits 4', async () => {
    const report = await firstReport(join(dir, 'nondeterministic'), 'test/cli/fixtures/nondeterministic-counter.ts');
    const result = await sim('--replay', report);
    expect(result.out).toMatch(/NONDETERMINISTIC: two runs of the same case in this process gave trace hashes ([0-9a-f]{16}) and (?!\1)[0-9a-f]{16}/);
    expect(result.out).toMatch(/they first differ on the workload's disk:\n {4}first run: {2}s4 system stat \/data\/probe-(\d+) -> ENOENT\n {4}second run: s4 system stat \/data\/probe-(?!\1)\d+ -> ENOENT/);
    expect(result.code).toBe(EXIT.nondeterministic);
    const json = JSON.parse((await sim('--replay', report, '--json')).out) as { verdict: string; exitCode: number; firstDifference: { disk: string } };
    expect(json).toMatchObject({ verdict: 'nondeterministic', exitCode: EXIT.nondeterministic, firstDifference: { disk: 'the workload\'s disk' } });
  });

  it('says the code changed when two runs here agree with each other but not with the report', async () => {
    const report = await firstReport(join(dir, 'changed'), 'examples/counter-store/buggy-counter-store.ts');
    const saved = JSON.parse(await readFile(report, 'utf8')) as { original: { traceHash: string } };
    saved.original.traceHash = '0123456789abcdef';
    await writeFile(report, JSON.stringify(saved));
    const result = await sim('--replay', report);
    expect(result.out).toMatch(/DIVERGED, trace hash [0-9a-f]{16} \(report has 0123456789abcdef\); two runs here agree, so the code or crashsim changed since the report was made/);
    // The case still fails, which is what the exit code says.
    expect(result.code).toBe(EXIT.violation);
    // Only the hash was changed: the calls the report shows are the ones made here.
    expect(result.out).toContain('the calls the report shows before its crash are the same here; the runs differ elsewhere');
    const json = JSON.parse((await sim('--replay', report, '--json')).out) as { verdict: string; violations: unknown[]; reportDifference: unknown };
    expect(json.verdict).toBe('changed');
    expect(json.violations.length).toBeGreaterThan(0);
    expect(json.reportDifference).toBeNull();
  });

  it('names the first call of the report that the replay made otherwise, when it diverged', async () => {
    const report = await firstReport(join(dir, 'changed-call'), 'examples/counter-store/buggy-counter-store.ts');
    const saved = JSON.parse(await readFile(report, 'utf8')) as { original: { traceHash: string; timeline: string[] } };
    const { timeline } = saved.original;
    const index = Math.floor(timeline.length / 2);
    const made = timeline[index] ?? '';
    saved.original.traceHash = '0123456789abcdef';
    timeline[index] = `${made} (as the report was made)`;
    await writeFile(report, JSON.stringify(saved));
    const result = await sim('--replay', report);
    expect(result.out).toContain(`the first call the report shows that was made otherwise here:\n    report: ${made} (as the report was made)\n    here:   ${made}\n`);
    const json = JSON.parse((await sim('--replay', report, '--json')).out) as { reportDifference: unknown };
    expect(json.reportDifference).toEqual({ report: `${made} (as the report was made)`, here: made });
  });
});
