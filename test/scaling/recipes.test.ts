import { cp, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/help.js';
import { ROOT, containerEnv, mapping, namedCodeBlocks, npxShim, runBash, section, value, values } from './recipe-blocks.js';

/**
 * The recipes of docs/SCALING.md, run as written with a small CRASHSIM_RUNS: every shard is a
 * process of its own (as on its own machine), the merge step combines their summaries, and the
 * merged campaign hash must equal the hash of the same campaign run unsharded. With a broken store
 * the shards still succeed and the merge step fails.
 */

const SMALL_RUNS = '6';
/**
 * Each of these tests starts five or six Node processes under tsx; on a loaded 2-core machine a
 * process that needs 2 s of CPU can take 30 s to finish, so the bound is loose (it is no timing).
 */
const PROCESSES_TIMEOUT_MS = 600_000;
const MUTANT = join(ROOT, 'test', 'mutants', 'blob', 'no-dir-sync.ts');

interface Campaign {
  readonly campaignHash: string;
  readonly runs: number;
  readonly failures: number;
}

let scratch = '';
let shim = '';
let blocks: Map<string, string>;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'crashsim-recipes-'));
  shim = await npxShim(join(scratch, 'bin'));
  blocks = await namedCodeBlocks(join(ROOT, 'docs', 'SCALING.md'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function block(name: string): string {
  const found = blocks.get(name);
  if (found === undefined) throw new Error(`docs/SCALING.md has no code block starting "# ${name}"`);
  return found;
}

/** The same campaign on one machine, unsharded, as a process of its own. */
async function unsharded(env: Record<string, string>): Promise<Campaign> {
  const dir = await mkdtemp(join(scratch, 'whole-'));
  const ran = await runBash('npx crashsim --seed "$CRASHSIM_SEED" --runs "$CRASHSIM_RUNS" $CRASHSIM_FLAGS --json --reports reports', dir, env, shim);
  expect(ran.code, ran.err).not.toBe(EXIT.usage);
  return JSON.parse(ran.out) as Campaign;
}

describe('the GitHub Actions recipe', () => {
  const workflow = (): string => block('.github/workflows/crashsim.yml');
  const shardJob = (): string => section(workflow(), /^ {2}shard:$/, /^ {2}merge:$/);
  const mergeJob = (): string => section(workflow(), /^ {2}merge:$/);

  /** Runs the workflow's shard jobs and its merge job; returns the merge step's result and directory. */
  async function runWorkflow(env: Record<string, string>): Promise<{ merge: { code: number | null; err: string }; dir: string }> {
    const root = await mkdtemp(join(scratch, 'workflow-'));
    const shards = (/shard: \[([\d, ]+)\]/.exec(shardJob())?.[1] ?? '').split(',').map((s) => s.trim());
    const mergeDir = join(root, 'merge');
    const downloadTo = join(mergeDir, value(section(mergeJob(), /download-artifact/, /^\s+- /), 'path'));
    await mkdir(downloadTo, { recursive: true });
    const expand = (text: string, shard: string): string => text.replaceAll('${{ matrix.shard }}', shard);
    await Promise.all(shards.map(async (shard) => {
      const dir = join(root, `shard-${shard}`);
      await mkdir(dir);
      for (const script of commands(shardJob())) {
        const ran = await runBash(expand(script, shard), dir, env, shim);
        expect(ran.code, `shard ${shard}: ${ran.err}`).toBe(0);
      }
    }));
    // upload-artifact, then download-artifact with merge-multiple: every path lands in one directory.
    for (const shard of shards) {
      for (const path of value(section(shardJob(), /upload-artifact/), 'path').split('\n')) {
        await cp(join(root, `shard-${shard}`, expand(path, shard)), join(downloadTo, expand(path, shard)), { recursive: true }).catch((error: { code?: string }) => {
          if (error.code !== 'ENOENT') throw error;
        });
      }
    }
    const [mergeScript, ...more] = commands(mergeJob());
    expect(more).toEqual([]);
    return { merge: await runBash(mergeScript ?? '', mergeDir, env, shim), dir: mergeDir };
  }

  /** The `run:` steps that need crashsim: every other one is `npm ci`, which this checkout has done. */
  function commands(job: string): string[] {
    const runs = values(job, 'run');
    expect(runs.filter((run) => !run.includes('crashsim'))).toEqual(['npm ci']);
    const scripts = runs.filter((run) => run.includes('crashsim'));
    for (const script of scripts) expect(script.replaceAll('${{ matrix.shard }}', ''), 'an expression this test does not expand').not.toContain('${{');
    return scripts;
  }

  const workflowEnv = (): Record<string, string> => mapping(section(workflow(), /^env:$/, /^jobs:$/));

  it('has one matrix job per shard, and uploads the merged summary and reports even on failure', () => {
    const env = workflowEnv();
    expect(Object.keys(env).sort()).toEqual(['CRASHSIM_FLAGS', 'CRASHSIM_RUNS', 'CRASHSIM_SEED', 'CRASHSIM_SHARDS']);
    expect(/shard: \[([\d, ]+)\]/.exec(shardJob())?.[1]?.split(',').map(Number)).toEqual(Array.from({ length: Number(env['CRASHSIM_SHARDS']) }, (_, i) => i));
    const upload = section(mergeJob(), /upload-artifact/);
    expect(upload).toMatch(/if: always\(\)/);
    expect(value(upload, 'path').split('\n')).toEqual(expect.arrayContaining(['crashsim-summary.json', `${value(section(mergeJob(), /download-artifact/, /^\s+- /), 'path')}/`]));
  });

  it('runs each shard in a process of its own, and merges them to the unsharded campaign hash', async () => {
    const env: Record<string, string> = { ...workflowEnv(), CRASHSIM_RUNS: SMALL_RUNS };
    const { merge, dir } = await runWorkflow(env);
    expect(merge.code, merge.err).toBe(EXIT.held);
    const merged = JSON.parse(await readFile(join(dir, 'crashsim-summary.json'), 'utf8')) as Campaign & { shards: number };
    const whole = await unsharded(env);
    expect(merged.shards).toBe(Number(env['CRASHSIM_SHARDS']));
    expect(merged.runs).toBe(whole.runs);
    expect(merged.campaignHash).toBe(whole.campaignHash);
  }, PROCESSES_TIMEOUT_MS);

  it('fails the merge job when a shard finds a violation, with every shard\'s reports to upload', async () => {
    const env = { ...workflowEnv(), CRASHSIM_RUNS: '16', CRASHSIM_FLAGS: `--scenario blob --impl ${MUTANT} --no-shrink --reports-max 1` };
    const { merge, dir } = await runWorkflow(env);
    expect(merge.code).toBe(EXIT.violation);
    const reports = await readdir(join(dir, 'shards', 'reports'), { recursive: true });
    expect(reports.filter((name) => name.endsWith('.json')).length).toBeGreaterThan(0);
  }, PROCESSES_TIMEOUT_MS);

  it('fails a shard job that was given bad flags', async () => {
    const [script] = commands(shardJob());
    const dir = await mkdtemp(join(scratch, 'bad-'));
    const ran = await runBash((script ?? '').replaceAll('${{ matrix.shard }}', '0'), dir, { ...workflowEnv(), CRASHSIM_FLAGS: '--scenario no-such-scenario' }, shim);
    expect(ran.code).not.toBe(0);
  }, PROCESSES_TIMEOUT_MS);
});

describe('the Kubernetes recipe', () => {
  const shardsJob = (): string => block('crashsim-shards.yaml');
  const mergeJob = (): string => block('crashsim-merge.yaml');

  it('is an Indexed Job of one completion per shard, writing to the volume the merge Job reads', () => {
    const env = containerEnv(shardsJob());
    expect(value(shardsJob(), 'completionMode')).toBe('Indexed');
    expect(value(shardsJob(), 'completions')).toBe(env['CRASHSIM_SHARDS']);
    expect(value(shardsJob(), 'mountPath')).toBe(env['RESULTS_DIR']);
    expect(value(mergeJob(), 'mountPath')).toBe(containerEnv(mergeJob())['RESULTS_DIR']);
    expect(value(shardsJob(), 'claimName')).toBe(value(mergeJob(), 'claimName'));
    const steps = block('run-crashsim.sh');
    expect(steps).toContain(`job/${value(section(shardsJob(), /^metadata:$/, /^spec:$/), 'name')}`);
    expect(steps).toContain(`job/${value(section(mergeJob(), /^metadata:$/, /^spec:$/), 'name')}`);
  });

  it('runs each index as a process of its own, and the merge Job gives the unsharded campaign hash', async () => {
    const results = await mkdtemp(join(scratch, 'volume-'));
    const env = { ...containerEnv(shardsJob()), CRASHSIM_RUNS: SMALL_RUNS, RESULTS_DIR: results };
    const count = Number(value(shardsJob(), 'completions'));
    const pods = Array.from({ length: count }, async (_, index) => {
      const pod = await mkdtemp(join(scratch, 'pod-'));
      const ran = await runBash(value(shardsJob(), '-'), pod, { ...env, JOB_COMPLETION_INDEX: String(index) }, shim);
      expect(ran.code, `index ${index}: ${ran.err}`).toBe(0);
    });
    await Promise.all(pods);
    const merge = await runBash(value(mergeJob(), '-'), await mkdtemp(join(scratch, 'pod-')), { ...containerEnv(mergeJob()), RESULTS_DIR: results }, shim);
    expect(merge.code, merge.err).toBe(EXIT.held);
    const merged = JSON.parse(await readFile(join(results, 'crashsim-summary.json'), 'utf8')) as Campaign;
    const whole = await unsharded(env);
    expect(merged.runs).toBe(whole.runs);
    expect(merged.campaignHash).toBe(whole.campaignHash);
  }, PROCESSES_TIMEOUT_MS);
});
