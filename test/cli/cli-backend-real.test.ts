import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError, parseArgs } from '../../cli/args.js';
import { main } from '../../cli/main.js';
import { writeReport } from '../../sim/report/index.js';
import { blobMutant, findFailingReport } from '../sim/confirm/find-case.js';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (text) => void (out += text), err: (text) => void (err += text) });
  return { code, out, err };
}

describe('--backend real: arguments', () => {
  it('reads --backend and --confirm-mode', () => {
    const options = parseArgs(['--replay', 'r.json', '--backend', 'real', '--confirm-mode', 'kill']);
    expect(options.backend).toBe('real');
    expect(options.confirmMode).toBe('kill');
    expect(parseArgs(['--replay', 'r.json', '--backend=real']).confirmMode).toBe('both');
    expect(parseArgs([]).backend).toBe('sim');
  });

  it.each([
    [['--backend', 'real'], /--backend real confirms a saved case: add --replay FILE/],
    [['--backend', 'ssd'], /--backend must be one of sim, real/],
    [['--replay', 'r.json', '--confirm-mode', 'image'], /--confirm-mode only applies with --backend real/],
    [['--replay', 'r.json', '--backend', 'real', '--confirm-mode', 'all'], /--confirm-mode must be one of image, kill, both/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe('npm run sim -- --replay FILE --backend real', () => {
  let dir = '';
  let reportPath = '';
  let bundledPath = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crashsim-cli-confirm-'));
    const report = await findFailingReport(blobMutant('no-dir-sync').factory);
    reportPath = (await writeReport(dir, { ...report, impl: 'test/mutants/blob/no-dir-sync.ts' })).jsonPath;
    // The same case, as if the bundled store had made it.
    bundledPath = (await writeReport(join(dir, 'bundled'), { ...report, impl: null })).jsonPath;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints per mode whether the real disk confirms the violation, and exits 1 when one does', async () => {
    const { code, out } = await run(['--replay', reportPath, '--backend', 'real', '--impl', 'test/mutants/blob/no-dir-sync.ts']);
    expect(out).toMatch(/^image mode: confirmed: \[acknowledged-durability\] /m);
    // A missing directory sync needs a power loss: a SIGKILL keeps the rename.
    expect(out).toMatch(/^kill mode: not confirmed \(the real disk kept acknowledged-durability after a SIGKILL before .* at step \d+;/m);
    expect(code).toBe(1);
  });

  it('uses the report\'s implementation when --impl is not given', async () => {
    const { code, out, err } = await run(['--replay', reportPath, '--backend', 'real', '--confirm-mode', 'image']);
    expect(err).toContain("note: using the report's implementation, --impl test/mutants/blob/no-dir-sync.ts");
    expect(out).toMatch(/^image mode: confirmed: \[acknowledged-durability\] /m);
    expect(code).toBe(1);
  });

  it('exits 0 when no mode confirms it (the bundled store on the same case)', async () => {
    const { code, out } = await run(['--replay', bundledPath, '--backend', 'real', '--confirm-mode', 'image']);
    expect(out).toMatch(/^image mode: not confirmed \(the real disk kept acknowledged-durability on 1 post-crash state/m);
    expect(out).not.toMatch(/kill mode/);
    expect(code).toBe(0);
  });

  it('exits 2 on a report that does not exist', async () => {
    const { code, err } = await run(['--replay', join(dir, 'missing.json'), '--backend', 'real']);
    expect(err).toMatch(/cannot read report .*missing\.json/);
    expect(code).toBe(2);
  });
});
