import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { findScenario } from '../../scenarios/index.js';
import { readReport, runScenario, type AnyScenario, type RunResult, type SystemFactory } from '../../sim/index.js';
import factoryNeverSettles from './fixtures/factory-never-settles.js';
import lockNeverReleased from './fixtures/lock-never-released.js';
import saveLivelocks from './fixtures/save-livelocks.js';
import saveNeverSettles from './fixtures/save-never-settles.js';

/**
 * A system that never settles is a finding, not a hang: each phase of a run is watched, and a
 * deadlock, a promise never resolved or a livelock past the step limit is a `liveness` violation
 * with a seed, a report and a replay that finds it again.
 */

function stateFile(): AnyScenario {
  const scenario = findScenario('state-file');
  if (scenario === undefined) throw new Error('no state-file scenario');
  return scenario;
}

async function firstFailure(impl: SystemFactory<unknown>, options: { stepsMax?: number } = {}): Promise<RunResult> {
  for (let seed = 1; seed <= 40; seed++) {
    const result = await runScenario(stateFile(), { seed, ...options }, { impl });
    if (result.violations.length > 0) return result;
  }
  throw new Error('no seed failed');
}

describe('liveness violations', () => {
  it('a factory that never settles', async () => {
    const result = await runScenario(stateFile(), { seed: 1 }, { impl: factoryNeverSettles as SystemFactory<unknown> });
    expect(result.violations[0]?.invariant).toBe('liveness');
    expect(result.violations[0]?.message).toMatch(/opening the system on an empty disk never settled/);
  });

  it('an operation that never settles, named with its client', async () => {
    const result = await firstFailure(saveNeverSettles as SystemFactory<unknown>);
    const liveness = result.violations.find((v) => v.invariant === 'liveness');
    expect(liveness?.message).toMatch(/client \d+: save/);
  });

  it('a lock never released: a deadlock between clients', async () => {
    const result = await firstFailure(lockNeverReleased as SystemFactory<unknown>);
    expect(result.violations.map((v) => v.invariant)).toContain('liveness');
  });

  it('a livelock past the step limit', async () => {
    const result = await firstFailure(saveLivelocks as SystemFactory<unknown>, { stepsMax: 2000 });
    const liveness = result.violations.find((v) => v.invariant === 'liveness');
    expect(liveness?.message).toMatch(/more than 2000 filesystem steps/);
  });

  it('a stalled recovery is a liveness violation of the recovery', async () => {
    let opens = 0;
    const hangsOnReopen: SystemFactory<unknown> = async (fs, root) => {
      if (opens++ > 0) return new Promise(() => undefined);
      return saveNeverSettles(fs, root);
    };
    const result = await runScenario(stateFile(), { seed: 2, operationsCount: 2, clientsCount: 1 }, { impl: hangsOnReopen });
    expect(result.violations.map((v) => v.message).join('\n')).toMatch(/reopening after the crash never settled/);
  });

  it('the same seed stalls at the same step, with the same trace hash', async () => {
    const impl = lockNeverReleased as SystemFactory<unknown>;
    const first = await firstFailure(impl);
    const again = await runScenario(stateFile(), { ...first.options, crashStep: first.crashStep }, { impl });
    expect(again.traceHash).toBe(first.traceHash);
    expect(again.crashStep).toBe(first.crashStep);
  });
});

describe('the CLI on a system that never settles', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crashsim-liveness-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([1, 2])('reports a liveness violation with a replayable report (%i workers), exit 1', async (workers) => {
    const out: string[] = [];
    const err: string[] = [];
    const reports = join(dir, `w${workers}`);
    const code = await main(
      ['--scenario', 'state-file', '--impl', 'test/liveness/fixtures/save-never-settles.ts', '--runs', '6', '--workers', String(workers), '--reports', reports],
      { out: (text) => out.push(text), err: (text) => err.push(text) },
    );
    expect(code).toBe(1);
    const text = err.join('');
    expect(text).toMatch(/FAIL state-file seed \d+: \[liveness\]/);
    const replayPath = /--replay (\S+\.json)/.exec(text)?.[1];
    expect(replayPath).toBeDefined();
    const report = await readReport(replayPath ?? '');
    expect(report.original.violations.map((v) => v.invariant)).toContain('liveness');
    const replayed: string[] = [];
    const replayCode = await main(['--replay', replayPath ?? '', '--impl', 'test/liveness/fixtures/save-never-settles.ts'], { out: (t) => replayed.push(t), err: (t) => replayed.push(t) });
    expect(replayCode).toBe(1);
    expect(replayed.join('')).toMatch(/same trace hash/);
    expect(replayed.join('')).toMatch(/\[liveness\]/);
  });
});

describe('a campaign that dies mid-run', () => {
  it.each([1, 2])('names the seed it was running and how to run it alone (%i workers), never a stack trace', async (workers) => {
    const { spawnSync } = await import('node:child_process');
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'cli/bin.ts', '--scenario', 'state-file', '--impl', 'test/liveness/fixtures/throws-in-background.ts', '--runs', '4', '--workers', String(workers), '--no-shrink', '--reports', join(tmpdir(), 'crashsim-death')], { encoding: 'utf8' });
    expect(child.status).toBe(1);
    expect(child.stderr).toMatch(/died while running state-file seed \d+: .*background flush failed.*--runs 1 --workers 1/);
    expect(child.stderr).not.toMatch(/^\s+at /m);
  });
});
