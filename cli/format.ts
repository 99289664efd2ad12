import type { CampaignSummary } from '../sim/runner/campaign.js';

/**
 * The summary table printed at the end of a campaign. When some requested run did not happen,
 * the runs column says how many ran of how many were requested (`55/2000`).
 */
export function formatSummaryTable(summary: CampaignSummary, seconds: number, secondsByScenario: ReadonlyMap<string, number>): string {
  const partial = summary.scenarios.some((s) => s.runs < s.requested);
  const runs = (done: number, requested: number): string => (partial ? `${done}/${requested}` : String(done));
  const header = ['scenario', 'runs', 'crash states', 'runs/s', 'failures'];
  const rows = summary.scenarios.map((s) => {
    const elapsed = secondsByScenario.get(s.scenario) ?? 0;
    return [s.scenario, runs(s.runs, s.requested), String(s.crashStates), elapsed > 0 ? (s.runs / elapsed).toFixed(0) : '-', String(s.failures)];
  });
  const requested = summary.scenarios.reduce((n, s) => n + s.requested, 0);
  const total = ['total', runs(summary.runs, requested), String(summary.scenarios.reduce((n, s) => n + s.crashStates, 0)), seconds > 0 ? (summary.runs / seconds).toFixed(0) : '-', String(summary.failures)];
  const all = [header, ...rows, total];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]): string => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line), rule, line(total)].join('\n');
}
