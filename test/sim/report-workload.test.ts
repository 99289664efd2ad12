import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios/index.js';
import { RngStreams } from '../../sim/rng.js';
import { ReportError, decodeValue, decodeWorkloadFor, encodeValue, readReport, type ReportedCase } from '../../sim/report/index.js';
import { INDEX_FILE, REGRESSIONS_DIR, type RegressionIndex, scenarioNamed } from '../regressions/catalog.js';

/**
 * A replayed report's workload is checked against its scenario (decodeWorkloadFor): every bundled
 * scenario says which values are its operations (isOperation), accepts all it generates as a
 * report stores them, and refuses what it does not know.
 */

function roundTrip(value: unknown): unknown {
  return decodeValue(JSON.parse(JSON.stringify(encodeValue(value))));
}

describe('isOperation of the bundled scenarios', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s accepts every operation it generates, after a trip through a report', (_name, scenario) => {
    expect(scenario.isOperation, `${scenario.name} has no isOperation`).toBeDefined();
    for (let seed = 1; seed <= 30; seed++) {
      const workload = scenario.generate(new RngStreams(seed).stream('workload'), { clientsCount: 1 + (seed % 4), operationsCount: 40 });
      for (const operation of roundTrip(workload) as unknown[][]) {
        for (const op of operation) expect(scenario.isOperation?.(op), `${scenario.name} seed ${seed}: ${JSON.stringify(encodeValue(op))}`).toBe(true);
      }
    }
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s refuses values that are not its operations', (_name, scenario) => {
    for (const value of [null, 7, 'put', [], {}, { kind: 'frobnicate' }, { kind: 'put' }, { kind: 'append', opId: -1, paddings: [] }]) {
      expect(scenario.isOperation?.(value), `${scenario.name} took ${JSON.stringify(value)}`).toBe(false);
    }
  });
});

describe('decodeWorkloadFor', () => {
  const blob = SCENARIOS.find((s) => s.name === 'blob');
  const caseWith = (workload: unknown): ReportedCase => ({ workload } as unknown as ReportedCase);

  it('gives back the workload when every operation is known', () => {
    const workload = [[{ kind: 'get', key: 'a' }], [{ kind: 'list' }]];
    expect(blob !== undefined && decodeWorkloadFor(blob, caseWith(workload), 'r.json', 'original')).toEqual(workload);
  });

  it.each([
    [[[{ kind: 'frobnicate' }]], /report r.json is corrupt: "original.workload\[0\]\[0\]" is not an operation of scenario blob: \{"kind":"frobnicate"\}/],
    [[[{ kind: 'get', key: 'a' }, { kind: 'put', key: 'a' }]], /"original.workload\[0\]\[1\]" is not an operation of scenario blob/],
    [[], /"original.workload" has no client program/],
    [[1], /"original.workload" must be an array of client programs/],
  ])('refuses %j as corrupt', (workload, message) => {
    if (blob === undefined) throw new Error('no blob scenario');
    expect(() => decodeWorkloadFor(blob, caseWith(workload), 'r.json', 'original')).toThrow(ReportError);
    expect(() => decodeWorkloadFor(blob, caseWith(workload), 'r.json', 'original')).toThrow(message);
  });

  it('accepts every saved regression case', async () => {
    const index = JSON.parse(await readFile(join(REGRESSIONS_DIR, INDEX_FILE), 'utf8')) as RegressionIndex;
    for (const entry of index.cases) {
      const report = await readReport(join(REGRESSIONS_DIR, entry.file));
      const scenario = scenarioNamed(report.scenario);
      decodeWorkloadFor(scenario, report.original, entry.file, 'original');
      if (report.minimized !== null) decodeWorkloadFor(scenario, report.minimized, entry.file, 'minimized');
    }
  });
});
