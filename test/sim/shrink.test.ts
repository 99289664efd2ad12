import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index.js';
import { runScenario, type RunResult } from '../../sim/runner/index.js';
import type { AnyScenario } from '../../sim/scenario.js';
import {
  driveShrink,
  earlierCrash,
  exactFaults,
  fewerClients,
  fewerFaultRules,
  fewerOperations,
  gentlerProfile,
  rarerFaults,
  shrinkFailure,
  type FailingCase,
  type Judge,
  type ShrinkCase,
  type ShrinkPass,
  type ShrinkStage,
} from '../../sim/shrink/index.js';
import noDirSync from '../mutants/blob/no-dir-sync.js';
import skipChecksumOnRead from '../mutants/blob/skip-checksum-on-read.js';
import retryFailedSync from '../mutants/blob/retry-failed-sync.js';
import { parseFaultSpec } from '../../sim/faults/index.js';
import type { InjectedFault, SystemFactory } from '../../sim/scenario.js';

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

// ---- Each pass alone, judged by a predicate instead of a run ------------------------------------

/** A failing case: a workload of labels, crash step 100 of which 7 are setup, posix, no faults. */
function caseOf(change: Partial<FailingCase> = {}): FailingCase {
  return { workload: [['a']], crashStep: 100, profile: 'posix', faults: parseFaultSpec(''), setupSteps: 7, callFaults: [], ...change };
}

interface PassRun {
  readonly best: FailingCase;
  readonly attempts: number;
  /** Every candidate the pass yielded, in order. */
  readonly tried: readonly ShrinkCase[];
}

/** Runs `stages` from `start` to a fixpoint; a candidate fails when `fails` says so. */
async function shrinkBy(stages: readonly ShrinkStage[], start: FailingCase, fails: (candidate: ShrinkCase) => boolean): Promise<PassRun> {
  const tried: ShrinkCase[] = [];
  const judge: Judge = async (candidate) => {
    tried.push(candidate);
    return fails(candidate) ? { ...candidate, setupSteps: start.setupSteps, callFaults: start.callFaults } : null;
  };
  const { best, attempts } = await driveShrink(start, stages, judge, (n) => n >= 1000);
  return { best, attempts, tried };
}

const withPass = (pass: ShrinkPass, start: FailingCase, fails: (candidate: ShrinkCase) => boolean): Promise<PassRun> => shrinkBy([[pass]], start, fails);
const specOf = (candidate: ShrinkCase): string => candidate.faults.toString();
const always = (): boolean => true;

describe('fewerClients', () => {
  it('drops the clients the failure does not need, never the last one', async () => {
    const start = caseOf({ workload: [['a'], ['b'], ['c'], ['d']] });
    const run = await withPass(fewerClients, start, (c) => c.workload.some((program) => program.includes('c')));
    expect(run.best.workload).toEqual([['c']]);
    expect((await withPass(fewerClients, start, always)).best.workload).toHaveLength(1);
    expect((await withPass(fewerClients, caseOf(), always)).tried).toEqual([]);
  });
});

describe('fewerOperations', () => {
  it('removes every operation the failure does not need, in every client, keeping their order', async () => {
    const start = caseOf({ workload: [Array.from({ length: 16 }, (_, i) => i), Array.from({ length: 8 }, (_, i) => 100 + i)] });
    const needed = [3, 11, 105];
    const run = await withPass(fewerOperations, start, (c) => needed.every((op) => c.workload.some((program) => program.includes(op))));
    expect(run.best.workload).toEqual([[3, 11], [105]]);
    // Chunks first: far fewer attempts than one per operation and pass.
    expect(run.attempts).toBeLessThan(60);
  });

  it('empties programs when no operation is needed', async () => {
    const run = await withPass(fewerOperations, caseOf({ workload: [[1, 2, 3], [4, 5]] }), always);
    expect(run.best.workload).toEqual([[], []]);
  });
});

describe('earlierCrash', () => {
  it('finds the earliest failing crash step, never before the setup steps', async () => {
    const run = await withPass(earlierCrash, caseOf(), (c) => c.crashStep >= 42);
    expect(run.best.crashStep).toBe(42);
    const earliest = await withPass(earlierCrash, caseOf(), always);
    expect(earliest.best.crashStep).toBe(7);
    expect(Math.min(...earliest.tried.map((c) => c.crashStep))).toBe(7);
  });
});

describe('fewerFaultRules', () => {
  const start = caseOf({ faults: parseFaultSpec('eio-sync:randomly(0.1);eio-read:randomly(0.2);enospc:capacity(100)') });

  it('drops every fault at once when the failure needs none', async () => {
    const run = await withPass(fewerFaultRules, start, always);
    expect(specOf(run.best)).toBe('');
    expect(run.attempts).toBe(1);
  });

  it('otherwise drops the rules the failure does not need', async () => {
    const run = await withPass(fewerFaultRules, start, (c) => c.faults.rules.some((rule) => rule.kind === 'eio-read'));
    expect(specOf(run.best)).toBe('eio-read:randomly(0.2)');
    expect((await withPass(fewerFaultRules, caseOf(), always)).tried).toEqual([]);
  });
});

describe('rarerFaults', () => {
  const probabilities = (c: ShrinkCase): number[] => [...specOf(c).matchAll(/randomly\(([^)]+)\)/g)].map((m) => Number(m[1]));

  it('halves each random rule while the case fails, at most four times over the whole shrink', async () => {
    const start = caseOf({ faults: parseFaultSpec('bitflip:randomly(0.5);enospc:capacity(10);eio-sync:pathMatch(x)&randomly(0.8)') });
    const run = await withPass(rarerFaults(), start, always);
    expect(specOf(run.best)).toBe('bitflip:randomly(0.03125);enospc:capacity(10);eio-sync:pathMatch(x)&randomly(0.05)');
    // Run again on its own result (the driver does, after progress), it halves nothing more.
    expect(run.attempts).toBe(8);
  });

  it('stops halving a rule when the rarer plan passes', async () => {
    const run = await withPass(rarerFaults(), caseOf({ faults: parseFaultSpec('bitflip:randomly(0.5)') }), (c) => (probabilities(c)[0] ?? 0) >= 0.1);
    expect(probabilities(run.best)).toEqual([0.125]);
  });
});

describe('exactFaults', () => {
  const fault = (call: string, path: string, ordinal: number): InjectedFault => ({ fault: 'eio-sync', step: 0, call, path, detail: 'EIO', ordinal });
  const callFaults = [fault('sync', '/d/a', 0), fault('sync', '/d/a', 2), fault('datasync', '/d/b', 1)];

  it('replaces a random workload rule by rules pinned to the calls it failed', async () => {
    const start = caseOf({ faults: parseFaultSpec('eio-sync:pathMatch(.tmp-)&randomly(0.2);bitflip'), callFaults });
    const run = await withPass(exactFaults, start, always);
    expect(specOf(run.best).split(';')).toEqual([
      'eio-sync:opKind(sync)&pathIs(/d/a)&onIndex(0)',
      // The rule before takes the first sync of /d/a away: the third is then the second this one sees.
      'eio-sync:opKind(sync)&pathIs(/d/a)&onIndex(1)',
      'eio-sync:opKind(datasync)&pathIs(/d/b)&onIndex(1)',
      'bitflip',
    ]);
  });

  it('leaves alone rules it cannot pin: not random, recovery faults, bit flips, a kind shared by two rules', async () => {
    for (const spec of ['eio-sync', 'eio-sync:phase(recovery)&randomly(0.5)', 'bitflip:randomly(0.5)', 'eio-sync:randomly(0.1);eio-sync:pathMatch(x)']) {
      expect((await withPass(exactFaults, caseOf({ faults: parseFaultSpec(spec), callFaults }), always)).tried).toEqual([]);
    }
  });
});

describe('gentlerProfile', () => {
  it('tries the gentlest crash model first and keeps the gentlest that fails', async () => {
    expect((await withPass(gentlerProfile, caseOf(), always)).best.profile).toBe('process');
    const run = await withPass(gentlerProfile, caseOf(), (c) => c.profile !== 'process');
    // From posix, then again from ext4-ordered once that was kept.
    expect(run.tried.map((c) => c.profile)).toEqual(['process', 'ext4-ordered', 'process']);
    expect(run.best.profile).toBe('ext4-ordered');
    expect((await withPass(gentlerProfile, caseOf({ profile: 'process' }), always)).tried).toEqual([]);
  });
});

describe('driveShrink', () => {
  it('runs a stage to its fixpoint before the next, and the stages again after a later stage kept anything', async () => {
    const started: string[] = [];
    const record = (pass: ShrinkPass): ShrinkPass => ({
      name: pass.name,
      candidates(best) {
        started.push(`${pass.name}@${best.crashStep}/${best.profile}`);
        return pass.candidates(best);
      },
    });
    const run = await shrinkBy([[record(earlierCrash)], [record(gentlerProfile)]], caseOf({ crashStep: 9 }), always);
    expect(run.best).toMatchObject({ crashStep: 7, profile: 'process' });
    expect(started).toEqual([
      'earlier-crash@9/posix',
      'earlier-crash@7/posix',
      'gentler-profile@7/posix',
      'gentler-profile@7/process',
      'earlier-crash@7/process',
      'gentler-profile@7/process',
    ]);
  });

  it('keeps only failing candidates and stops when the budget refuses one', async () => {
    const judged: number[] = [];
    const judge: Judge = async (c) => (judged.push(c.crashStep), c.crashStep % 2 === 0 ? { ...c, setupSteps: 7, callFaults: [] } : null);
    const result = await driveShrink(caseOf(), [[earlierCrash]], judge, (attempts) => attempts >= 3);
    expect(result).toMatchObject({ attempts: 3, budgetExhausted: true });
    expect(result.best.crashStep).toBe(judged.filter((step) => step % 2 === 0).at(-1) ?? 100);
  });
});

describe('fault plans as values', () => {
  it('runScenario takes a FaultPlan and records it as its canonical spec, running exactly what the spec runs', async () => {
    const scenario = findScenario('blob');
    if (scenario === undefined) throw new Error('blob scenario missing');
    const spec = 'eio-sync:pathMatch(.tmp-)&randomly(0.2)';
    const fromText = await runScenario(scenario, { seed: 3, faults: spec });
    const fromValue = await runScenario(scenario, { seed: 3, faults: parseFaultSpec(spec) });
    expect(fromValue.options.faults).toBe(fromText.options.faults);
    expect(fromValue.traceHash).toBe(fromText.traceHash);
  });
});
