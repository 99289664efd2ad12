import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NPM_PROFILES, NPM_SUBJECTS, REPO_ROOT, type NpmSubject } from '../../examples/npm/packages.js';
import { findScenario } from '../../scenarios/index.js';
import { runCampaign, runScenario, type AnyScenario, type SystemFactory } from '../../sim/index.js';

/**
 * The verdicts of examples/npm/, kept true: each package, run unmodified through `atomic-file`
 * under posix, is caught by the invariant its gap breaks within a small seed budget (the test
 * fails the day the simulator stops finding it), and its fixed variant passes a campaign under
 * each crash model.
 */

const GAP_SEEDS_BUDGET = 20;
const FIXED_SEEDS = 20;

/** The invariant each package's gap breaks under posix, and why. */
const GAPS: Readonly<Record<string, readonly { invariant: string; why: string }[]>> = {
  'write-file-atomic': [{ invariant: 'acknowledged-durability', why: 'its rename is never made durable (no directory fsync)' }],
  lowdb: [
    { invariant: 'acknowledged-durability', why: "steno's rename is never made durable (no directory fsync)" },
    { invariant: 'no-partial-visibility', why: 'steno renames a temp file it never fsynced: the new name may hold a torn or empty file' },
  ],
  atomically: [{ invariant: 'acknowledged-durability', why: 'its rename is never made durable (no directory fsync)' }],
  'fast-write-atomic': [{ invariant: 'acknowledged-durability', why: 'its rename is never made durable (no directory fsync)' }],
};

function atomicFile(): AnyScenario {
  const scenario = findScenario('atomic-file');
  if (scenario?.implFromModule === undefined) throw new Error('no atomic-file scenario taking a node:fs module');
  return scenario;
}

/** The factory `--impl MODULE` makes of a module. */
function implOf(scenario: AnyScenario, module: string): Promise<SystemFactory<unknown>> {
  return (scenario.implFromModule as (path: string) => Promise<SystemFactory<unknown>>)(join(REPO_ROOT, module));
}

/** The first seed whose posix run breaks `invariant`, or null within the budget. */
async function seedBreaking(scenario: AnyScenario, impl: SystemFactory<unknown>, invariant: string): Promise<number | null> {
  for (let seed = 1; seed <= GAP_SEEDS_BUDGET; seed++) {
    const result = await runScenario(scenario, { seed, profile: 'posix' }, { impl });
    if (result.violations.some((v) => v.invariant === invariant)) return seed;
  }
  return null;
}

function describeSubject(subject: NpmSubject): void {
  describe(subject.name, () => {
    for (const gap of GAPS[subject.name] ?? []) {
      it(`is caught under posix within ${GAP_SEEDS_BUDGET} seeds by [${gap.invariant}]: ${gap.why}`, async () => {
        const scenario = atomicFile();
        const seed = await seedBreaking(scenario, await implOf(scenario, subject.adapter), gap.invariant);
        expect(seed, `${subject.adapter} never broke [${gap.invariant}] in ${GAP_SEEDS_BUDGET} seeds`).not.toBeNull();
      });
    }

    for (const profile of NPM_PROFILES) {
      it(`its fixed variant passes ${FIXED_SEEDS} seeds under ${profile}`, async () => {
        const scenario = atomicFile();
        const impl = await implOf(scenario, subject.fixed);
        const summary = await runCampaign({ seed: 1, scenarios: [scenario], runsPerScenario: FIXED_SEEDS, run: { profile }, impl });
        expect(summary.runs).toBe(FIXED_SEEDS);
        expect(summary.scenarios[0]?.invariants, `${subject.fixed} failed seeds ${summary.scenarios[0]?.failingSeeds.join(', ')}`).toEqual({});
        // Every run drove the package: a save takes several disk steps.
        expect(summary.scenarios[0]?.workloadSteps).toBeGreaterThan(FIXED_SEEDS * 20);
      });
    }
  });
}

describe('examples/npm/ on the atomic-file scenario', () => {
  it('judges every package of packages.ts', () => {
    expect(NPM_SUBJECTS.map((s) => s.name).sort()).toEqual(Object.keys(GAPS).sort());
  });
  for (const subject of NPM_SUBJECTS) describeSubject(subject);
});
