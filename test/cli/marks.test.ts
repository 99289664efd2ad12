import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNS } from '../../cli/args.js';
import { EXIT } from '../../cli/help.js';
import { sim } from './run-cli.js';

const FIXTURE = 'test/cli/fixtures/marked.scenario.ts';

describe('the campaign summary lists the coverage marks and enforces required ones', () => {
  it('prints every mark with the runs that hit it, and the marks never hit', async () => {
    const result = await sim('--runs', '3', '--scenario', 'wal', '--workers', '1', '--no-swarm');
    expect(result.code).toBe(EXIT.held);
    expect(result.out).toMatch(/coverage marks: runs that hit each, of 3/);
    expect(result.out).toMatch(/\*wal\.segment\.sealed +3 +an append rolled over/);
    expect(result.out).toMatch(/never hit \(\d+\): .*wal\.read\.checksum-failed/);
    // A wal campaign opens no blob store: its marks are summed up in one line, not listed at 0.
    expect(result.out).not.toMatch(/blob\.read\.checksum-failed/);
    expect(result.out).toMatch(/not listed: the marks of blob, .*which no run of this campaign reached/);
    expect(result.out).toMatch(/not enforced: not a default campaign/);
  });

  it('puts the marks in --json as {label: runs}, summed over the worker threads', async () => {
    const one = JSON.parse((await sim('--runs', '6', '--scenario', 'flatfs', '--workers', '1', '--json')).out) as { marks: Record<string, number>; scenarios: { marks: Record<string, number> }[] };
    const two = JSON.parse((await sim('--runs', '6', '--scenario', 'flatfs', '--workers', '2', '--json')).out) as { marks: Record<string, number> };
    expect(two.marks).toEqual(one.marks);
    expect(one.marks['flatfs.batch.delete-then-put']).toBeGreaterThan(0);
    expect(one.marks['wal.read.checksum-failed']).toBe(0);
    expect(one.scenarios[0]?.marks['flatfs.batch.delete-then-put']).toBe(one.marks['flatfs.batch.delete-then-put']);
  });

  it('fails a campaign with --require-marks when a required mark was never hit, naming it', async () => {
    const result = await sim('--runs', '3', '--scenario', FIXTURE, '--workers', '1', '--require-marks', '--json');
    expect(result.code).toBe(EXIT.unexplored);
    const json = JSON.parse(result.out) as { missingMarks: Record<string, string[]>; marks: Record<string, number>; marksChecked: boolean };
    expect(json.marksChecked).toBe(true);
    expect(json.missingMarks).toEqual({ marked: ['fixture.counter.negative'] });
    expect(json.marks['fixture.counter.checked']).toBe(3);
  });

  it('leaves a short campaign alone without the flag, and checks a default-sized one by itself', async () => {
    const short = await sim('--runs', '3', '--scenario', FIXTURE, '--workers', '1');
    expect(short.code).toBe(EXIT.held);
    expect(short.out).toContain('required marks not hit (not enforced');
    const full = await sim('--runs', String(DEFAULT_RUNS), '--scenario', FIXTURE, '--workers', '1', '--ops', '1');
    // --ops makes it no default campaign: not enforced.
    expect(full.code).toBe(EXIT.held);
    const fullDefault = await sim('--runs', String(DEFAULT_RUNS), '--scenario', FIXTURE, '--workers', '1');
    expect(fullDefault.code).toBe(EXIT.unexplored);
    expect(fullDefault.out).toContain('REQUIRED MARKS NEVER HIT: marked: fixture.counter.negative');
  });

  it('a violation still wins over a missing mark (exit 1)', async () => {
    const result = await sim('--runs', '30', '--scenario', 'blob', '--impl', 'test/mutants/blob/no-dir-sync.ts', '--require-marks', '--workers', '1', '--no-shrink', '--reports-max', '0');
    expect(result.code).toBe(EXIT.violation);
  });
});
