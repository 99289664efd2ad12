import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeValue, readReport, type ReportedCase } from '../../sim/report/index.js';
import { runScenario, type RunResult } from '../../sim/runner/index.js';
import type { AnyScenario, SystemFactory } from '../../sim/scenario.js';
import { INDEX_FILE, INDEX_FORMAT, REGRESSIONS_DIR, type RegressionIndex, loadCatalog, loadFactory, scenarioNamed } from './catalog.js';

/**
 * Replays every saved failing case of reports/regressions/ (made by generate.ts): against its
 * mutant each case (original and minimized) must fail the same invariant again; against the
 * bundled store of its scenario it must pass. A trace hash that no longer matches the saved one
 * is reported, not failed: it means the code changed since the case was saved, which is allowed
 * as long as the case still fails the same way.
 */

const index = JSON.parse(await readFile(join(REGRESSIONS_DIR, INDEX_FILE), 'utf8')) as RegressionIndex;

function replayCase(scenario: AnyScenario, saved: ReportedCase, impl?: SystemFactory<unknown>): Promise<RunResult> {
  return runScenario(
    scenario,
    { ...saved.options, crashStep: saved.crashStep },
    { workload: decodeValue(saved.workload) as unknown[][], ...(impl === undefined ? {} : { impl }) },
  );
}

describe('reports/regressions/', () => {
  it('holds an index of saved cases, at least one per mutant registry, the naive state file and the npm packages', () => {
    expect(index.format).toBe(INDEX_FORMAT);
    const registries = new Set(index.cases.map((entry) => entry.registry));
    for (const registry of ['blob', 'examples', 'npm']) expect(registries, `no saved case from ${registry}`).toContain(registry);
  });

  it('holds a case for every registered mutant (run `npx tsx test/regressions/generate.ts` after adding one)', async () => {
    const { subjects, skipped } = await loadCatalog();
    expect(skipped).toEqual([]);
    const saved = new Set(index.cases.map((entry) => entry.file));
    expect(subjects.map((s) => s.file).filter((file) => !saved.has(file))).toEqual([]);
  });

  for (const entry of index.cases) {
    describe(entry.file, () => {
      const load = async () => {
        const report = await readReport(join(REGRESSIONS_DIR, entry.file));
        const scenario = scenarioNamed(report.scenario);
        return { report, scenario, mutant: await loadFactory(entry.module, scenario) };
      };

      it(`still fails [${entry.invariant}] against ${entry.module}`, async ({ annotate }) => {
        const { report, scenario, mutant } = await load();
        expect(report.scenario).toBe(entry.scenario);
        const cases: [string, ReportedCase | null][] = [['original', report.original], ['minimized', report.minimized]];
        for (const [which, saved] of cases) {
          if (saved === null) continue;
          const savedInvariant = saved.violations[0]?.invariant;
          expect(savedInvariant, `${which}: the saved case records no violation`).toBeDefined();
          const result = await replayCase(scenario, saved, mutant);
          const found = result.violations.map((v) => v.invariant);
          expect(found, `${which} case of ${entry.file} no longer fails [${savedInvariant}] against ${entry.module}`).toContain(savedInvariant);
          const hash = result.traceHash === saved.traceHash ? `same trace hash ${saved.traceHash}` : `trace DIVERGED: ${result.traceHash}, saved ${saved.traceHash}`;
          await annotate(`${which}: ${hash}`);
        }
      });

      it(`passes against the bundled ${entry.scenario} store`, async () => {
        const { report, scenario } = await load();
        for (const saved of [report.original, report.minimized]) {
          if (saved === null) continue;
          const result = await replayCase(scenario, saved);
          expect(result.violations, `${entry.file} crash step ${saved.crashStep}`).toEqual([]);
        }
      });
    });
  }
});
