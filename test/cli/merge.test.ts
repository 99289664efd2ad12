import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/help.js';
import { sim } from './run-cli.js';

/**
 * `crashsim merge`: the shards' --json summaries combine into the unsharded campaign's summary,
 * and anything that is not exactly the shards of one campaign is refused in one line, exit 2.
 */

type Summary = Record<string, unknown> & { campaignHash: string; runs: number; failures: number; exitCode: number; scenarios: Record<string, unknown>[] };

const CAMPAIGN = ['--seed', '3', '--runs', '10', '--scenario', 'blob,wal', '--workers', '1', '--json'];

describe('crashsim merge', () => {
  let dir = '';
  let whole: Summary;
  const shardFile = (index: number): string => join(dir, `summary-${index}.json`);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crashsim-merge-'));
    for (let index = 0; index < 3; index++) {
      const run = await sim(...CAMPAIGN, '--shard', `${index}/3`, '--reports', join(dir, 'reports'));
      expect(run.code).toBe(0);
      await writeFile(shardFile(index), run.out);
    }
    whole = JSON.parse((await sim(...CAMPAIGN, '--reports', join(dir, 'reports'))).out) as Summary;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const refuses = async (files: string[], message: RegExp): Promise<void> => {
    const result = await sim('merge', ...files);
    expect(result.code).toBe(EXIT.usage);
    expect(result.out).toBe('');
    expect(result.err).toMatch(message);
    expect(result.err.trim().split('\n')).toHaveLength(1);
  };
  const variant = async (name: string, edit: (summary: Summary) => void, from = 2): Promise<string> => {
    const summary = JSON.parse(await readFile(shardFile(from), 'utf8')) as Summary;
    edit(summary);
    const path = join(dir, name);
    await writeFile(path, JSON.stringify(summary));
    return path;
  };

  it('gives the unsharded summary: runs, failures, per-scenario figures and campaign hash', async () => {
    const result = await sim('merge', '--json', shardFile(2), shardFile(0), shardFile(1));
    expect(result.code).toBe(EXIT.held);
    const merged = JSON.parse(result.out) as Summary;
    expect(merged.campaignHash).toBe(whole.campaignHash);
    expect(merged.scenarios).toEqual(whole.scenarios);
    expect({ runs: merged.runs, failures: merged.failures, shard: merged['shard'], shards: merged['shards'], campaign: merged['campaign'] }).toEqual({ runs: 20, failures: 0, shard: null, shards: 3, campaign: whole['campaign'] });
    const text = await sim('merge', shardFile(0), shardFile(1), shardFile(2));
    expect(text.out).toContain(`20 runs; campaign hash ${whole.campaignHash}`);
    expect(text.out).toContain('every invariant held');
  });

  it('writes the merged summary with --out, which merges again as one unsharded summary', async () => {
    const out = join(dir, 'merged.json');
    const result = await sim('merge', '--out', out, shardFile(0), shardFile(1), shardFile(2));
    expect(result.code).toBe(EXIT.held);
    expect(result.out).toContain(`merged summary written to ${out}`);
    const again = await sim('merge', '--json', out);
    expect((JSON.parse(again.out) as Summary).campaignHash).toBe(whole.campaignHash);
  });

  it('exits 1 when a shard found a violation, and lists every shard\'s reports', async () => {
    const mutant = ['--seed', '1', '--runs', '32', '--scenario', 'blob', '--impl', 'test/mutants/blob/no-dir-sync.ts', '--workers', '1', '--json', '--reports-max', '1', '--no-shrink'];
    const files: string[] = [];
    for (let index = 0; index < 2; index++) {
      const run = await sim(...mutant, '--shard', `${index}/2`, '--reports', join(dir, `mutant-${index}`));
      files.push(join(dir, `mutant-${index}.json`));
      await writeFile(files[index] as string, run.out);
    }
    const alone = JSON.parse((await sim(...mutant, '--reports', join(dir, 'mutant-all'))).out) as Summary;
    const result = await sim('merge', '--json', ...files);
    expect(result.code).toBe(EXIT.violation);
    const merged = JSON.parse(result.out) as Summary & { reports: unknown[] };
    expect(merged.failures).toBeGreaterThan(0);
    expect(merged.scenarios).toEqual(alone.scenarios);
    expect(merged.campaignHash).toBe(alone.campaignHash);
    expect(merged.reports).toHaveLength(2);
    expect((await sim('merge', ...files)).out).toMatch(/\d+ failing runs; reports: 2 written by the shards: /);
  });

  it('exits 3 and names the shard when one ran short of its runs (its --time budget), none failing', async () => {
    // Shard 2/3 of --runs 7 is the first two runs of shard 2/3 of --runs 10: a shard of 10 stopped after two.
    const short = JSON.parse((await sim(...CAMPAIGN.map((arg) => (arg === '10' ? '7' : arg)), '--shard', '2/3', '--reports', join(dir, 'reports'))).out) as Summary;
    (short['campaign'] as Record<string, unknown>)['runsPerScenario'] = 10;
    for (const scenario of short.scenarios) scenario['requested'] = 3;
    Object.assign(short, { completed: false, end: 'time-budget' });
    const path = join(dir, 'short.json');
    await writeFile(path, JSON.stringify(short));
    const result = await sim('merge', shardFile(0), shardFile(1), path);
    expect(result.code).toBe(EXIT.incomplete);
    expect(result.out).toMatch(/^INCOMPLETE: shard 2\/3 \(.*short\.json\) ended early \(its --time budget\); short: blob 2\/3, wal 2\/3$/m);
    expect(result.out).toContain('(of the runs made only)');
    expect(result.out).not.toContain('every invariant held');
  });

  it('refuses a missing shard, a shard twice and shards of different counts', async () => {
    await refuses([shardFile(0), shardFile(2)], /^crashsim: missing shard 1\/3 of 3: got 2 of the 3 summary files/);
    await refuses([shardFile(0), shardFile(1), shardFile(2), shardFile(1)], /summary-1\.json and .*summary-1\.json are both shard 1\/3: the same runs would count twice/);
    const other = await variant('other-count.json', (s) => void (s['shard'] = { index: 2, count: 4 }));
    await refuses([shardFile(0), shardFile(1), other], /is shard 0\/3 but .*other-count\.json is shard 2\/4/);
  });

  it('refuses shards of different options or crashsim versions', async () => {
    const profile = await variant('profile.json', (s) => void ((s['campaign'] as Record<string, unknown>)['profile'] = 'ext4-ordered'));
    await refuses([shardFile(0), shardFile(1), profile], /come from different campaigns: --profile not given in one, "ext4-ordered" in the other/);
    const runs = await variant('runs.json', (s) => void ((s['campaign'] as Record<string, unknown>)['runsPerScenario'] = 11));
    await refuses([shardFile(0), shardFile(1), runs], /--runs 10 in one, 11 in the other/);
    const version = await variant('version.json', (s) => void (s['crashsimVersion'] = '9.9.9'));
    await refuses([shardFile(0), shardFile(1), version], /by crashsim 9\.9\.9: run every shard with the same version/);
  });

  it('refuses a file that is not a summary, is cut short, was edited or cannot be read', async () => {
    const notJson = join(dir, 'not.json');
    await writeFile(notJson, (await readFile(shardFile(0), 'utf8')).slice(0, 200));
    await refuses([notJson], /not\.json: not JSON \(cut short or corrupt\?\)/);
    const report = join(dir, 'report.json');
    await writeFile(report, JSON.stringify({ format: 'crashsim-report', version: 1 }));
    await refuses([report], /report\.json: not a crashsim campaign summary/);
    const edited = await variant('edited.json', (s) => void (s['campaignHash'] = '0123456789abcdef'));
    await refuses([shardFile(0), shardFile(1), edited], /edited\.json: its "campaignHash" does not match its "hashState"/);
    const noHash = await variant('no-hash.json', (s) => void delete s['hashState']);
    await refuses([noHash], /"hashState" must be/);
    const moreRuns = await variant('more-runs.json', (s) => {
      const scenario = s.scenarios[0] as Record<string, number>;
      scenario['requested'] = 9;
    });
    await refuses([shardFile(0), shardFile(1), moreRuns], /blob lists 3 runs of 9 requested, but shard 2\/3 of --runs 10 has 3/);
    await refuses([join(dir, 'absent.json')], /absent\.json: cannot read it \(ENOENT\)/);
    await refuses([], /merge needs the summary files of the shards/);
  });

  it('leaves an existing --out file alone when it refuses', async () => {
    const out = join(dir, 'keep.json');
    await writeFile(out, 'earlier');
    await refuses(['--out', out, shardFile(0)], /missing shards 1\/3, 2\/3 of 3/);
    expect(await readFile(out, 'utf8')).toBe('earlier');
  });

  it('sums maps of counts it does not know (coverage marks), per scenario and in all', async () => {
    const withMarks = await Promise.all([0, 1, 2].map((index) => variant(`marks-${index}.json`, (s) => {
      s['coverage'] = { 'reached-a': index + 1, [`only-${index}`]: 1 };
      (s.scenarios[0] as Record<string, unknown>)['coverage'] = { torn: 2 * index };
    }, index)));
    const merged = JSON.parse((await sim('merge', '--json', ...withMarks)).out) as Summary;
    expect(merged['coverage']).toEqual({ 'only-0': 1, 'only-1': 1, 'only-2': 1, 'reached-a': 6 });
    expect(merged.scenarios[0]?.['coverage']).toEqual({ torn: 6 });
    expect(merged.campaignHash).toBe(whole.campaignHash);
  });
});
