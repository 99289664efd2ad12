import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePath } from './harness.js';
import { sim, type Captured } from '../cli/run-cli.js';

/**
 * The node:fs scenarios through the CLI: `--impl` takes a module of plain Node.js code, a failure
 * is reported and replays to the same trace hash, bad modules are bad input (exit 2, one line), and
 * the two guards against a false pass fire: a campaign that never touched the simulated disk, and a
 * call outside the root (blocked, reported with its path and the caller's stack).
 */

describe('the node:fs scenarios on the command line', () => {
  let reports: string;
  beforeEach(async () => {
    reports = await mkdtemp(join(tmpdir(), 'crashsim-node-cli-'));
  });
  afterEach(async () => {
    await rm(reports, { recursive: true, force: true });
  });

  it('finds a save written in place given with --impl, and replays the report to the same trace hash', async () => {
    const impl = fixturePath('atomic-file-in-place.cjs');
    const result = await sim('--seed', '1', '--runs', '20', '--scenario', 'atomic-file', '--impl', impl, '--reports', reports, '--workers', '1');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/FAIL atomic-file seed \d+: \[no-partial-visibility\]/);
    const json = (await readdir(reports)).find((f) => f.endsWith('.json')) ?? '';
    const replay = await sim('--replay', join(reports, json), '--impl', impl);
    expect(replay.out).toMatch(/same trace hash/);
    expect(replay.code).toBe(1);
    const minimized = await sim('--replay', join(reports, json), '--minimized', '--impl', impl);
    expect(minimized.out).toMatch(/same trace hash/);
    expect(minimized.code).toBe(1);
  });

  it('confirms a case on the real disk in image mode (kill mode cannot stop node:fs code at a step)', async () => {
    const impl = fixturePath('atomic-file-no-dir-sync.mjs');
    const found = await sim('--seed', '1', '--runs', '30', '--scenario', 'atomic-file', '--impl', impl, '--reports', reports, '--workers', '1', '--no-shrink', '--no-swarm');
    expect(found.err).toMatch(/FAIL atomic-file seed 1: \[acknowledged-durability\]/);
    const report = join(reports, 'atomic-file-1.json');
    const confirmed = await sim('--replay', report, '--backend', 'real', '--impl', impl);
    expect(confirmed.err).toMatch(/confirming in image mode only/);
    expect(confirmed.out).toMatch(/image mode: confirmed: \[acknowledged-durability\]/);
    expect(confirmed.code).toBe(1);
    const kill = await sim('--replay', report, '--backend', 'real', '--confirm-mode', 'kill', '--impl', impl);
    expect(kill.code).toBe(2);
    expect(kill.err).toMatch(/kill mode .* atomic-file runs node:fs code/);
  });

  it('the bundled implementation passes, with the same campaign hash in 1 and 2 workers', async () => {
    const one = await sim('--seed', '5', '--runs', '12', '--scenario', 'atomic-file', '--workers', '1', '--json');
    const two = await sim('--seed', '5', '--runs', '12', '--scenario', 'atomic-file', '--workers', '2', '--json');
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    const hashOf = (captured: Captured): string => (JSON.parse(captured.out) as { campaignHash: string }).campaignHash;
    expect(hashOf(two)).toBe(hashOf(one));
  });

  it.each([
    ['a module that does not exist', 'no/such/module.mjs', /--impl no\/such\/module.mjs: cannot load the module: no such file/],
    ['a module that throws at import', fixturePath('throws-at-import.mjs'), /the module threw while loading: this module refuses to load/],
    ['a default export that is not a function', fixturePath('exports-object.mjs'), /default export must be a function open\(root\) => Promise<System>, got object/],
    ['an open that resolves to the wrong System', fixturePath('wrong-system.cjs'), /open\(root\) must resolve to a System with save\(\), load\(\).*its load is missing/],
  ])('exits 2 with what was wrong for %s', async (_, impl, message) => {
    const result = await sim('--scenario', 'atomic-file', '--runs', '2', '--impl', impl, '--reports', reports, '--workers', '1');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.err.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 when the implementation never touched the simulated disk', async () => {
    const result = await sim('--scenario', 'atomic-file', '--runs', '5', '--impl', fixturePath('atomic-file-in-memory.cjs'), '--reports', reports, '--workers', '1');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/atomic-file: the implementation never touched the simulated disk/);
  });

  it('blocks a write outside the root and reports it with its path and the caller\'s stack', async () => {
    const outside = join(reports, 'outside.json');
    process.env['CRASHSIM_TEST_OUTSIDE_PATH'] = outside;
    try {
      const result = await sim('--scenario', 'atomic-file', '--runs', '3', '--impl', fixturePath('atomic-file-outside-root.cjs'), '--reports', reports, '--workers', '1', '--no-shrink');
      expect(result.code).toBe(1);
      expect(result.err).toMatch(/\[path-outside-root\] .*"[^"]*outside\.json" is outside the simulated root \/data: blocked/);
      expect(result.err).toMatch(/atomic-file-outside-root\.cjs:\d+/);
      expect(existsSync(outside)).toBe(false);
    } finally {
      delete process.env['CRASHSIM_TEST_OUTSIDE_PATH'];
    }
  });
});
