import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sim } from './run-cli.js';

describe('npm run sim', () => {
  let reports: string;
  beforeEach(async () => {
    reports = await mkdtemp(join(tmpdir(), 'crashsim-cli-'));
  });
  afterEach(async () => {
    await rm(reports, { recursive: true, force: true });
  });

  it('runs a campaign, prints the summary table and exits 0 when every invariant holds', async () => {
    const result = await sim('--seed', '1', '--runs', '5', '--scenario', 'blob,wal', '--reports', reports, '--workers', '1');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/scenario\s+runs\s+crash states\s+runs\/s\s+failures/);
    expect(result.out).toMatch(/blob\s+5\s+5/);
    expect(result.out).toContain('every invariant held');
    expect(await readdir(reports)).toEqual([]);
  });

  it('prints a machine-readable summary with a campaign hash that repeats', async () => {
    const a = JSON.parse((await sim('--seed', '4', '--runs', '4', '--scenario', 'blob', '--json')).out) as { campaignHash: string; runs: number };
    const b = JSON.parse((await sim('--seed', '4', '--runs', '4', '--scenario', 'blob', '--json')).out) as { campaignHash: string };
    expect(a.runs).toBe(4);
    expect(b.campaignHash).toBe(a.campaignHash);
  });

  it('finds a mutant given with --impl, writes a report and a timeline, and replays it to the same trace hash', async () => {
    const result = await sim('--seed', '1', '--runs', '40', '--scenario', 'blob', '--impl', 'test/mutants/blob/no-dir-sync.ts', '--reports', reports);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/FAIL blob seed \d+: \[/);
    expect(result.err).toMatch(/replay: {3}npm run sim -- --replay \S+\.json\n/);
    const files = await readdir(reports);
    const json = files.find((f) => f.endsWith('.json'));
    expect(json).toBeDefined();
    expect(files).toContain(json?.replace(/\.json$/, '.txt'));
    const timeline = await readFile(join(reports, json?.replace(/\.json$/, '.txt') ?? ''), 'utf8');
    expect(timeline).toContain('--- crash after step');
    expect(timeline).toMatch(/^ {2}s\d+ c\d+ \S+ \/data/m);
    expect(timeline).toMatch(/^ {2}op0 c\d+: /m);
    // Its HTML page is written beside them, and the campaign says where.
    expect(files).toContain(json?.replace(/\.json$/, '.html'));
    expect(result.err).toMatch(/html: {5}\S+\.html\n/);
    // The report records the implementation: the replay line needs no --impl, and uses it.
    const replay = await sim('--replay', join(reports, json ?? ''));
    expect(replay.err).toContain("note: using the report's implementation, --impl test/mutants/blob/no-dir-sync.ts");
    expect(replay.out).toMatch(/same trace hash/);
    expect(replay.code).toBe(1);
    const minimized = await sim('--replay', join(reports, json ?? ''), '--minimized', '--impl', 'test/mutants/blob/no-dir-sync.ts');
    expect(minimized.out).toMatch(/same trace hash/);
    expect(minimized.code).toBe(1);
    // The real store passes the same case (the report, told it was made with the bundled store).
    const bundled = join(reports, 'bundled.json');
    await writeFile(bundled, JSON.stringify({ ...JSON.parse(await readFile(join(reports, json ?? ''), 'utf8')), impl: null }));
    const fixed = await sim('--replay', bundled);
    expect(fixed.out).toMatch(/DIVERGED/);
    expect(fixed.code).toBe(0);
  });

  it.each([
    [['--scenario', 'nosuch'], /unknown scenario "nosuch"; known: blob/],
    [['--seed', '12x'], /--seed needs a whole number/],
    [['--bogus'], /unknown argument "--bogus"/],
    [['--scenario', 'blob', '--impl', 'no/such/module.ts'], /--impl no\/such\/module.ts: cannot load the module/],
    [['--scenario', 'blob', '--impl', 'package.json'], /default export must be a factory function/],
    [['--replay', '/nonexistent/report.json'], /cannot read report .*: no such file/],
    [['--faults', 'eio-sync:randomly(0.x)'], /--faults: bad fault spec "eio-sync:randomly\(0.x\)" at column/],
    [['--faults', 'meteor-strike'], /--faults: bad fault spec "meteor-strike"/],
  ])('exits 2 with a clear message for %j', async (argv, message) => {
    const result = await sim(...argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });

  it('exits 2 on a corrupt report and leaves it untouched', async () => {
    const path = join(reports, 'blob-1.json');
    for (const content of ['{ not json', '{"format":"crashsim-report","version":1,"scenario":"blob","seed":-4}', '[]']) {
      await writeFile(path, content);
      const result = await sim('--replay', path);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/report .* (is not valid JSON|is corrupt)/);
      expect(await readFile(path, 'utf8')).toBe(content);
    }
  });

  it('injects faults with --faults and finds the fault mutant', async () => {
    const result = await sim('--seed', '1', '--runs', '30', '--scenario', 'blob', '--faults', 'bitflip:randomly(0.5)', '--impl', 'test/mutants/blob/skip-checksum-on-read.ts', '--reports', reports, '--workers', '1', '--no-shrink');
    expect(result.code).toBe(1);
    expect(result.out).toContain('faults bitflip');
    expect(result.err).toMatch(/FAIL blob seed \d+: \[no-corrupt-reads\]/);
  });

  it('crashes the recovery too with --crash-recovery, finds the mutant only that shows, and replays it', async () => {
    const plain = await sim('--seed', '1', '--runs', '20', '--scenario', 'blob', '--impl', 'test/mutants/blob/rewrite-in-place-on-open.ts', '--reports', reports, '--workers', '1', '--no-shrink');
    expect(plain.code).toBe(0);
    const crashed = await sim('--seed', '1', '--runs', '20', '--scenario', 'blob', '--crash-recovery', '--impl', 'test/mutants/blob/rewrite-in-place-on-open.ts', '--reports', reports, '--workers', '1', '--no-shrink');
    expect(crashed.code).toBe(1);
    expect(crashed.out).toContain('recovery crashed too');
    const replay = /replay: +npm run sim -- (--replay \S+)\n/.exec(crashed.err)?.[1];
    expect(replay).toBeDefined();
    const path = (replay as string).slice('--replay '.length);
    expect(await readFile(path.replace(/\.json$/, '.txt'), 'utf8')).toMatch(/faults injected \((?:[^\n]*; )?a crash during recovery\):\n {2}recovery crashed after step \d+ of \d+/);
    const again = await sim('--replay', path);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/same trace hash/);
    expect((await sim('--crash-recovery=yes')).code).toBe(2);
  });

  it('prints help listing every scenario', async () => {
    const result = await sim('--help');
    expect(result.code).toBe(0);
    for (const name of ['blob', 'blob-put-if-absent', 'wal', 'persist', 'flatfs', 'mvcc']) expect(result.out).toContain(`  ${name} `);
  });
});

describe('npm run sim with worker threads', () => {
  it('gives the same runs and campaign hash with 1 and 2 workers', async () => {
    const one = JSON.parse((await sim('--seed', '11', '--runs', '12', '--scenario', 'blob,wal', '--json', '--workers', '1')).out) as { campaignHash: string; runs: number };
    const two = JSON.parse((await sim('--seed', '11', '--runs', '12', '--scenario', 'blob,wal', '--json', '--workers', '2')).out) as { campaignHash: string; runs: number; workers: number };
    expect(two.workers).toBe(2);
    expect(two.runs).toBe(one.runs);
    expect(two.campaignHash).toBe(one.campaignHash);
  });
});
