import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../architecture/source-shape.js';
import { findNaiveSeeds, type NaiveSeeds } from './naive-seeds.js';

/**
 * crashsim/vitest under vitest's JUnit reporter, as CI runs it: a child vitest runs the fixture
 * test/integrations/fixtures/state-file.crash.ts (crash tests of the naive and the fixed example
 * state files), and the XML it writes must hold the naive one's failure as plain text with the
 * report's path and the replay command, the fixed one's summary, and, under CRASHSIM_SEED, a
 * campaign of exactly that seed.
 */

const CONFIG = 'test/integrations/fixtures/vitest.config.ts';
const NAIVE = 'the naive state file survives crashes';
const FIXED = 'the fixed state file survives crashes';
const CHILD_TIMEOUT_MS = 90_000;

interface JunitCase {
  readonly failure: string | null;
  readonly properties: readonly string[];
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, entity: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[entity] ?? '');
}

/** The test cases of a JUnit file by name: the failure's message, the properties' values. */
function readJunit(path: string): Map<string, JunitCase> {
  const xml = readFileSync(path, 'utf8');
  const cases = new Map<string, JunitCase>();
  for (const match of xml.matchAll(/<testcase [^>]*name="([^"]*)"[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const inner = match[2] ?? '';
    const failure = /<failure message="([^"]*)"/.exec(inner);
    const properties = [...inner.matchAll(/<property name="[^"]*" value="([^"]*)"/g)].map((property) => unescapeXml(property[1] ?? ''));
    cases.set(unescapeXml(match[1] ?? ''), { failure: failure === null ? null : unescapeXml(failure[1] ?? ''), properties });
  }
  return cases;
}

/** The environment of a child vitest: ours without the variables vitest sets in its own workers. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('VITEST') && !name.startsWith('CRASHSIM_')) env[name] = value;
  return { ...env, ...extra };
}

let scratch = '';
let seeds: NaiveSeeds = { passing: -1, failingAfterFirst: -1 };

/** Runs the fixture in a child vitest with the JUnit reporter; returns its exit code and test cases. */
async function runFixture(label: string, env: Record<string, string>): Promise<{ code: number; cases: Map<string, JunitCase>; reportsDir: string }> {
  const reportsDir = join(scratch, `${label}-reports`);
  const xmlPath = join(scratch, `${label}.xml`);
  const args = ['vitest', 'run', '--config', CONFIG, '--reporter=junit', `--outputFile=${xmlPath}`];
  const code = await promisify(execFile)('npx', args, { cwd: REPO_ROOT, env: childEnv({ ...env, CRASHSIM_FIXTURE_REPORTS: reportsDir }) }).then(
    () => 0,
    (error: { code?: unknown }) => (typeof error.code === 'number' ? error.code : -1),
  );
  return { code, cases: readJunit(xmlPath), reportsDir };
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'crashsim-junit-'));
  seeds = await findNaiveSeeds();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('crashTest under the JUnit reporter (a child vitest)', () => {
  it('reports the failing campaign with its report path and replay line, and the passing one with its summary', async () => {
    const { code, cases, reportsDir } = await runFixture('campaign', {});
    expect(code).toBe(1);
    const naive = cases.get(NAIVE);
    const failure = naive?.failure ?? '';
    const seed = /^FAIL state-file seed (\d+): \[/.exec(failure)?.[1];
    expect(seed, failure).toBeDefined();
    const jsonPath = join(reportsDir, `state-file-${seed}.json`);
    expect(existsSync(jsonPath)).toBe(true);
    expect(failure).toContain(`report:   ${jsonPath}\n`);
    expect(failure).toContain(`replay:   npx crashsim --replay ${jsonPath} --impl examples/naive-state-file.ts`);
    expect(failure).toContain(`rerun:    CRASHSIM_SEED=${seed} npx vitest run test/integrations/fixtures/state-file.crash.ts -t '${NAIVE}'`);
    expect(failure).toContain(`crashsim: scenario state-file, seed ${seed} (minimized case)`);
    expect(failure).toContain('--- crash after step');
    const fixed = cases.get(FIXED);
    expect(fixed?.failure).toBeNull();
    expect(fixed?.properties).toEqual([expect.stringMatching(/^crashsim: state-file, seeds 1\.\.40: 40 runs, \d+ crash states, every invariant held; campaign hash [0-9a-f]{16}$/)]);
  }, CHILD_TIMEOUT_MS);

  it('CRASHSIM_SEED narrows both campaigns to that one seed: on a seed the naive file survives, it passes', async () => {
    const { code, cases } = await runFixture('one-seed', { CRASHSIM_SEED: String(seeds.passing) });
    expect(code).toBe(0);
    for (const name of [NAIVE, FIXED]) {
      expect(cases.get(name)?.failure).toBeNull();
      expect(cases.get(name)?.properties).toEqual([expect.stringMatching(new RegExp(`^crashsim: state-file, seed ${seeds.passing}: 1 runs, `))]);
    }
  }, CHILD_TIMEOUT_MS);
});
