import { decodeValue, type FailureReport } from '../../sim/index.js';
import type { CampaignOutcome } from './cli-runs.js';
import type { VerdictRow } from './verdict-rows.js';

/**
 * The verdict table in Markdown, and the commands that reproduce each of its numbers, as the
 * README's section "Is your atomic write atomic?" holds them.
 */

function verdictOf(campaign: CampaignOutcome): string {
  const failing = campaign.failingSeeds.length;
  return failing === 0 ? `passes ${campaign.runs} of ${campaign.runs}` : `**fails** ${failing} of ${campaign.runs}`;
}

/** The invariants a campaign broke, the most often broken first. */
function invariantsOf(campaign: CampaignOutcome): string {
  const names = Object.entries(campaign.invariants).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([name]) => name);
  return names.length === 0 ? '—' : names.join(', ');
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * `acknowledged-durability: 1 client, 1 save, crash after step 12 of 12 (ext4-ordered)`:
 * the invariant shrinking kept (the original run's first) and the size of the minimized case.
 */
export function describeShrunkCase(report: FailureReport): string {
  const invariant = report.original.violations[0]?.invariant ?? 'no violation';
  const shrunk = report.minimized ?? report.original;
  const programs = decodeValue(shrunk.workload) as { kind?: unknown }[][];
  const clients = programs.filter((program) => program.length > 0).length;
  const count = (kind: string): number => programs.reduce((sum, program) => sum + program.filter((op) => op.kind === kind).length, 0);
  const loads = count('load');
  const operations = [plural(count('save'), 'save', 'saves'), ...(loads === 0 ? [] : [plural(loads, 'load', 'loads')])];
  return `${invariant}: ${plural(clients, 'client', 'clients')}, ${operations.join(', ')}, crash after step ${shrunk.crashStep} of ${shrunk.stepsCount} (${shrunk.options.profile})`;
}

const HEADER = [
  '| package | version | profile | verdict (seeds) | first failing seed | invariants broken | shrunk case | real disk, image mode | fixed variant (seeds) |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
];

function rowLine(row: VerdictRow): string {
  const first = row.firstFailure;
  const cells = [
    `\`${row.subject.name}\``,
    row.version,
    row.profile,
    verdictOf(row.campaign),
    first === null ? '—' : String(first.seed),
    invariantsOf(row.campaign),
    first === null ? '—' : `${describeShrunkCase(first.report)} ([report](${first.reportPath.replace(/\.json$/, '.txt')}))`,
    first === null ? '—' : first.confirmation.detail,
    verdictOf(row.fixed),
  ];
  return `| ${cells.join(' | ')} |`;
}

/** The table, one row per package and crash model. */
export function formatVerdictTable(rows: readonly VerdictRow[]): string {
  return [...HEADER, ...rows.map(rowLine)].join('\n');
}

/** Every command behind the table, grouped by package, in the order the table reads. */
export function formatCommands(rows: readonly VerdictRow[]): string {
  const lines: string[] = [];
  let current = '';
  for (const row of rows) {
    if (row.subject.name !== current) {
      current = row.subject.name;
      if (lines.length > 0) lines.push('');
      lines.push(`# ${current}`);
    }
    lines.push(row.campaign.command);
    if (row.firstFailure !== null) lines.push(row.firstFailure.confirmation.command);
    lines.push(row.fixed.command);
  }
  return ['```sh', ...lines, '```'].join('\n');
}
