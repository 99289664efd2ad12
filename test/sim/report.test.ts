import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index.js';
import { ReportError, buildReport, decodeValue, encodeValue, formatTimeline, printable, validateReport } from '../../sim/report/index.js';
import { runScenario } from '../../sim/runner/index.js';
import type { SystemFactory } from '../../sim/scenario.js';
import noDirSync from '../mutants/blob/no-dir-sync.js';
import rewriteInPlaceOnOpen from '../mutants/blob/rewrite-in-place-on-open.js';

async function failingReport(options: { crashRecovery?: boolean } = {}, impl: unknown = noDirSync): Promise<Record<string, unknown>> {
  const scenario = findScenario('blob');
  if (scenario === undefined) throw new Error('blob scenario missing');
  for (let seed = 1; seed <= 100; seed++) {
    const result = await runScenario(scenario, { ...options, seed }, { impl: impl as SystemFactory<unknown> });
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

describe('timelines', () => {
  it('name the caller of every call, and number steps, operations and values each with its own prefix', async () => {
    const text = formatTimeline(validateReport(await failingReport(), 'r.json'));
    const calls = text.split('last calls before the crash:\n')[1]?.split('  --- crash')[0]?.trimEnd().split('\n') ?? [];
    expect(calls.length).toBeGreaterThan(0);
    for (const line of calls) expect(line).toMatch(/^ {2}s\d+ (setup|system|c\d+) \S+ \//);
    expect(text).toMatch(/^ {2}op0 c\d+: \S+/m);
    expect(text).toMatch(/^ {2}op\d+ c\d+: put \S+ v\d+ \(/m);
    expect(text).toMatch(/\[s\d+\.\.s\d+\]/);
    // One numbering per kind: no bare #N left anywhere.
    expect(text).not.toMatch(/#\d/);
  });

  it('show the recovery\'s own calls when the recovery was crashed too', async () => {
    const report = validateReport(await failingReport({ crashRecovery: true }, rewriteInPlaceOnOpen), 'r.json');
    expect(report.original.recoveryTimeline.length).toBeGreaterThan(0);
    for (const line of report.original.recoveryTimeline) expect(line).toMatch(/^r\d+ recovery \S+ \//);
    const text = formatTimeline(report);
    expect(text).toMatch(/the recovery's own calls before it crashed too .*:\n {2}r0 recovery /);
    expect(text).toMatch(/recovery crashed after step \d+ of \d+/);
  });

  it('escape every byte that would break a line or drive the terminal', async () => {
    const report = await failingReport();
    const original = report['original'] as Record<string, unknown>;
    original['timeline'] = ['s5 c0 open /data/evil\nname\u001b[31m flags=wx -> ok', 'tab\there, nul\u0000, del\u007f, sep\u2028'];
    const text = formatTimeline(validateReport(report, 'r.json'));
    expect(text).toContain('  s5 c0 open /data/evil\\nname\\x1b[31m flags=wx -> ok\n');
    expect(text).toContain('  tab\\there, nul\\x00, del\\x7f, sep\\u{2028}\n');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u2028]/);
  });

  it('printable leaves printable text alone, emoji and accents included', () => {
    expect(printable('put café 😀 "a\\"b"')).toBe('put café 😀 "a\\"b"');
    expect(printable('\ud800x')).toBe('\\u{d800}x');
  });
});
