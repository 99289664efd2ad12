import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sim } from './run-cli.js';

/** `--replay FILE --html`: the HTML page of an existing report, written beside it. */

const CASE = 'blob-put-if-absent-check-then-act';
const MUTANT = 'test/mutants/blob/put-if-absent-check-then-act.ts';

describe('crashsim --replay FILE --html', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crashsim-html-'));
    for (const ext of ['json', 'txt']) await copyFile(`reports/regressions/${CASE}.${ext}`, join(dir, `${CASE}.${ext}`));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes FILE.html beside the report from every call of both cases, and leaves the report and its timeline as they were', async () => {
    const before = await Promise.all(['json', 'txt'].map((ext) => readFile(join(dir, `${CASE}.${ext}`))));
    const result = await sim('--replay', join(dir, `${CASE}.json`), '--html', '--impl', MUTANT);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toBe(`wrote ${join(dir, `${CASE}.html`)}\n`);
    const after = await Promise.all(['json', 'txt'].map((ext) => readFile(join(dir, `${CASE}.${ext}`))));
    expect(after).toEqual(before);
    const page = await readFile(join(dir, `${CASE}.html`), 'utf8');
    // The rerun followed the report, so every call is shown, and the violation's operation is named.
    expect(page).toMatch(/Timeline: all \d+ filesystem calls of the workload/);
    expect(page).not.toContain('class="note"');
    expect(page).toContain('class="bar named"');
    expect(page).toMatch(/The recovery's calls on post-crash state \d+<\/h3>\s*<ol class="calls"/);
  });

  it('refuses bad input with exit 2 and one line, and writes nothing', async () => {
    const corrupt = join(dir, 'corrupt.json');
    await writeFile(corrupt, '{"format": "crashsim-report", "version": 1');
    const cases: [string[], RegExp][] = [
      [['--replay', join(dir, 'missing.json'), '--html'], /cannot read report .*missing\.json: no such file/],
      [['--replay', corrupt, '--html'], /is not valid JSON/],
      [['--html'], /--html writes the HTML page of a saved report: add --replay FILE/],
      [['--replay', join(dir, `${CASE}.json`), '--html', '--minimized'], /--html shows both cases/],
      [['--replay', join(dir, `${CASE}.json`), '--html', '--json'], /drop --json/],
      [['--replay', join(dir, `${CASE}.json`), '--html', '--impl', 'test/mutants/blob/nope.ts'], /nope\.ts/],
    ];
    for (const [argv, message] of cases) {
      const result = await sim(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err).toMatch(message);
      expect(result.err.trim().split('\n')).toHaveLength(1);
      expect(result.err).not.toMatch(/\n\s+at /);
    }
    expect((await readdir(dir)).filter((name) => name.endsWith('.html'))).toEqual([]);
  });
});
