import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index.js';
import { ReportError, buildReport, decodeValue, encodeValue, formatTimeline, validateReport } from '../../sim/report/index.js';
import { runScenario } from '../../sim/runner/index.js';
import type { SystemFactory } from '../../sim/scenario.js';
import noDirSync from '../mutants/blob/no-dir-sync.js';

async function failingReport(): Promise<Record<string, unknown>> {
  const scenario = findScenario('blob');
  if (scenario === undefined) throw new Error('blob scenario missing');
  for (let seed = 1; seed <= 100; seed++) {
    const result = await runScenario(scenario, { seed }, { impl: noDirSync as SystemFactory<unknown> });
    if (result.violations.length > 0) {
      return JSON.parse(JSON.stringify(buildReport(scenario, result, { impl: null, minimized: null, shrinking: null }))) as Record<string, unknown>;
    }
  }
  throw new Error('no failure found');
}

describe('reports', () => {
  it('round-trip through JSON and validate', async () => {
    const report = await failingReport();
    const validated = validateReport(report, 'r.json');
    expect(validated.scenario).toBe('blob');
    expect(formatTimeline(validated)).toContain('--- crash after step');
  });

  it.each([
    ['an unknown profile', (r: Record<string, unknown>) => ((r['original'] as Record<string, Record<string, unknown>>)['options']!['profile'] = 'ntfs'), /profile must be one of posix/],
    ['a seed that disagrees', (r: Record<string, unknown>) => ((r['original'] as Record<string, Record<string, unknown>>)['options']!['seed'] = 99999), /options.seed" must equal "seed"/],
    ['a non-numeric crash step', (r: Record<string, unknown>) => ((r['original'] as Record<string, unknown>)['crashStep'] = 'late'), /crashStep" must be a non-negative integer/],
    ['a bad trace hash', (r: Record<string, unknown>) => ((r['original'] as Record<string, unknown>)['traceHash'] = 'xyz'), /traceHash" must be 16 hex digits/],
    ['a newer version', (r: Record<string, unknown>) => (r['version'] = 7), /"version" must be 1/],
    ['a workload that is not programs', (r: Record<string, unknown>) => ((r['original'] as Record<string, unknown>)['workload'] = [1, 2]), /workload" must be an array of client programs/],
  ])('rejects %s with a message naming the field', async (_what, tamper, message) => {
    const report = await failingReport();
    tamper(report);
    expect(() => validateReport(report, 'r.json')).toThrow(ReportError);
    expect(() => validateReport(report, 'r.json')).toThrow(message);
  });

  it('encodes byte arrays in workloads and decodes them back', () => {
    const value = { key: 'k', data: new Uint8Array([0, 1, 255]), nested: [{ more: new Uint8Array(0) }] };
    expect(decodeValue(JSON.parse(JSON.stringify(encodeValue(value))))).toEqual(value);
  });
});
