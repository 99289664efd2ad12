import type { ReportedCase } from '../../sim/index.js';
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

/** `acknowledged-durability: 1 client, 1 save, crash after step 12 of 12 (ext4-ordered)`. */
export function describeShrunkCase(shrunk: ReportedCase): string {
  const invariant = shrunk.violations[0]?.invariant ?? 'no violation';
  const { clientsCount, operationsCount, profile } = shrunk.options;
  return `${invariant}: ${plural(clientsCount, 'client', 'clients')}, ${plural(operationsCount, 'save or load', 'saves and loads')}, crash after step ${shrunk.crashStep} of ${shrunk.stepsCount} (${profile})`;
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
    first === null ? '—' : describeShrunkCase(first.shrunk.case),
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
