import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index.js';
import { runScenario, type RunResult } from '../../sim/runner/index.js';
import type { AnyScenario } from '../../sim/scenario.js';
import { shrinkFailure } from '../../sim/shrink/index.js';
import noDirSync from '../mutants/blob/no-dir-sync.js';
import skipChecksumOnRead from '../mutants/blob/skip-checksum-on-read.js';
import retryFailedSync from '../mutants/blob/retry-failed-sync.js';
import { parseFaultSpec } from '../../sim/faults/index.js';
import type { SystemFactory } from '../../sim/scenario.js';

const impl = noDirSync as SystemFactory<unknown>;

async function firstFailure(scenario: AnyScenario): Promise<RunResult> {
  for (let seed = 1; seed <= 200; seed++) {
    const result = await runScenario(scenario, { seed }, { impl });
    if (result.violations.length > 0) return result;
  }
  throw new Error('the mutant was not found in 200 seeds');
}

const operations = (run: RunResult): number => run.workload.reduce((n, p) => n + p.length, 0);

describe('shrinkFailure', () => {
  it('shrinks a failing run to a smaller case that fails the same invariant and replays exactly', async () => {
    const scenario = findScenario('blob');
    if (scenario === undefined) throw new Error('blob scenario missing');
    const original = await firstFailure(scenario);
    const shrunk = await shrinkFailure(scenario, original, { impl });
    const minimal = shrunk.minimal;
    expect(operations(minimal)).toBeLessThan(operations(original));
    expect(operations(minimal)).toBeLessThanOrEqual(5);
    expect(minimal.crashStep).toBeLessThanOrEqual(original.crashStep);
    expect(minimal.crashStep).toBeGreaterThanOrEqual(minimal.setupSteps);
    expect(minimal.violations.map((v) => v.invariant)).toContain(original.violations[0]?.invariant);
    expect(shrunk.summary).toMatch(/^shrunk from \d+ clients \/ \d+ operations/);
    const replayed = await runScenario(scenario, { ...minimal.options, crashStep: minimal.crashStep }, { workload: minimal.workload, impl });
    expect(replayed.traceHash).toBe(minimal.traceHash);
    // The real store passes the minimal case.
    const real = await runScenario(scenario, { ...minimal.options, crashStep: minimal.crashStep }, { workload: minimal.workload });
    expect(real.violations).toEqual([]);
  });

  it('respects its attempt budget and says so', async () => {
    const scenario = findScenario('blob');
    if (scenario === undefined) throw new Error('blob scenario missing');
    const original = await firstFailure(scenario);
    const shrunk = await shrinkFailure(scenario, original, { impl, attemptsMax: 3 });
    expect(shrunk.attempts).toBeLessThanOrEqual(3);
    expect(shrunk.budgetExhausted).toBe(true);
    expect(shrunk.summary).toContain('stopped by its budget');
  });

  it('refuses a run that did not fail', async () => {
    const scenario = findScenario('blob');
    if (scenario === undefined) throw new Error('blob scenario missing');
    const passing = await runScenario(scenario, { seed: 1 });
    await expect(shrinkFailure(scenario, passing)).rejects.toThrow(/did not fail/);
  });
});

describe('shrinkFailure with faults', () => {
  it('drops fault rules the failure does not need', async () => {
    const scenario = findScenario('blob');
    if (scenario === undefined) throw new Error('blob scenario missing');
    // no-dir-sync fails without any fault: an extra rule must be shrunk away.
    let original: RunResult | null = null;
    for (let seed = 1; seed <= 200 && original === null; seed++) {
      const result = await runScenario(scenario, { seed, faults: 'eio-read:randomly(0.01)' }, { impl });
      if (result.violations.length > 0) original = result;
    }
    if (original === null) throw new Error('not found');
    const shrunk = await shrinkFailure(scenario, original, { impl });
    expect(original.options.faults).not.toBe('');
    expect(shrunk.minimal.options.faults).toBe('');
  });

  it('makes random faults rarer while the case still fails: the minimal case injects only what it needs', async () => {
    const scenario = findScenario('blob');
    if (scenario === undefined) throw new Error('blob scenario missing');
    const mutant = skipChecksumOnRead as SystemFactory<unknown>;
    let original: RunResult | null = null;
    for (let seed = 1; seed <= 200 && original === null; seed++) {
      const result = await runScenario(scenario, { seed, faults: 'bitflip:randomly(0.5)' }, { impl: mutant });
      if (result.violations.length > 0) original = result;
    }
    if (original === null) throw new Error('skip-checksum-on-read was not found in 200 seeds');
    const shrunk = await shrinkFailure(scenario, original, { impl: mutant });
    const probabilityOf = (spec: string): number => Number(/randomly\(([^)]+)\)/.exec(spec)?.[1]);
    expect(parseFaultSpec(shrunk.minimal.options.faults).rules.map((rule) => rule.kind)).toEqual(['bitflip']);
    expect(probabilityOf(shrunk.minimal.options.faults)).toBeLessThan(0.5);
    expect(shrunk.minimal.injectedFaults.length).toBeLessThanOrEqual(original.injectedFaults.length);
    expect(shrunk.minimal.violations.map((v) => v.invariant)).toContain(original.violations[0]?.invariant);
    // The shrunk case replays as it was found.
    const replayed = await runScenario(scenario, { ...shrunk.minimal.options, crashStep: shrunk.minimal.crashStep }, { impl: mutant, workload: shrunk.minimal.workload });
    expect(replayed.traceHash).toBe(shrunk.minimal.traceHash);
  });

  it('pins a random workload fault to the exact call it failed: the minimal case names it', async () => {
    const scenario = findScenario('blob');
    if (scenario === undefined) throw new Error('blob scenario missing');
    const mutant = retryFailedSync as SystemFactory<unknown>;
    const spec = 'eio-sync:pathMatch(.tmp-)&randomly(0.2)';
    let original: RunResult | null = null;
    for (let seed = 1; seed <= 200 && original === null; seed++) {
      const result = await runScenario(scenario, { seed, faults: spec }, { impl: mutant });
      if (result.violations.length > 0) original = result;
    }
    if (original === null) throw new Error('retry-failed-sync was not found in 200 seeds');
    const shrunk = await shrinkFailure(scenario, original, { impl: mutant });
    const rules = shrunk.minimal.options.faults.split(';');
    for (const rule of rules) expect(rule).toMatch(/^eio-sync:opKind\((sync|datasync)\)&pathIs\(\S+\)&onIndex\(\d+\)$/);
    expect(shrunk.minimal.callFaults).toHaveLength(rules.length);
    expect(shrunk.minimal.violations.map((v) => v.invariant)).toContain(original.violations[0]?.invariant);
    const replayed = await runScenario(scenario, { ...shrunk.minimal.options, crashStep: shrunk.minimal.crashStep }, { impl: mutant, workload: shrunk.minimal.workload });
    expect(replayed.traceHash).toBe(shrunk.minimal.traceHash);
  });
});
