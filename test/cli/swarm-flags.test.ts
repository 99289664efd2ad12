import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError, parseArgs } from '../../cli/args.js';
import { findScenario } from '../../scenarios/index.js';
import { runCampaign } from '../../sim/index.js';
import { sim } from './run-cli.js';

/** `--swarm` (the default) and `--no-swarm` on the command line. */

describe('parsing --swarm and --no-swarm', () => {
  it('is on by default, off with --no-swarm', () => {
    expect(parseArgs([]).swarm).toBe(true);
    expect(parseArgs(['--swarm']).swarm).toBe(true);
    expect(parseArgs(['--no-swarm']).swarm).toBe(false);
    expect(parseArgs([]).profile).toBeNull();
  });

  it.each([
    [['--swarm', '--no-swarm'], /--swarm and --no-swarm contradict each other/],
    [['--no-swarm=yes'], /--no-swarm takes no value/],
    [['--replay', 'r.json', '--no-swarm'], /--no-swarm shapes a campaign and would do nothing with --replay/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe('a campaign', () => {
  let reports = '';
  beforeAll(async () => {
    reports = await mkdtemp(join(tmpdir(), 'crashsim-swarm-cli-'));
  });
  afterAll(async () => {
    await rm(reports, { recursive: true, force: true });
  });
  const scenario = findScenario('wal');
  const run = (...flags: string[]): ReturnType<typeof sim> => sim('--scenario', 'wal', '--runs', '12', '--workers', '1', '--json', '--reports', reports, ...flags);
  const hashOf = (out: string): unknown => (JSON.parse(out) as { campaignHash: unknown }).campaignHash;

  it('draws a configuration per seed by default, and --no-swarm runs the fixed one', async () => {
    if (scenario === undefined) throw new Error('wal is not registered');
    const swarm = await run();
    const fixed = await run('--no-swarm');
    expect(swarm.code).toBe(0);
    expect(fixed.code).toBe(0);
    expect(hashOf(swarm.out)).toBe((await runCampaign({ seed: 1, scenarios: [scenario], runsPerScenario: 12, run: { swarm: true } })).campaignHash);
    expect(hashOf(fixed.out)).toBe((await runCampaign({ seed: 1, scenarios: [scenario], runsPerScenario: 12, run: {} })).campaignHash);
    expect(hashOf(swarm.out)).not.toBe(hashOf(fixed.out));
  });

  it('names the flags that fix part of the configuration', async () => {
    const text = await sim('--scenario', 'wal', '--runs', '3', '--workers', '1', '--reports', reports, '--profile', 'process', '--clients', '2');
    expect(text.code).toBe(0);
    expect(text.out).toContain('swarm (a configuration drawn per seed; fixed by flags: profile process, 2 clients)');
  });
});
