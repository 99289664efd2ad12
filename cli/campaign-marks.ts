import { declaredMarks } from '../src/coverage/index.js';
import { missingMarks } from '../sim/runner/campaign-marks.js';
import type { CampaignSummary } from '../sim/runner/campaign.js';
import { type CliOptions, DEFAULT_RUNS } from './args.js';
import type { CampaignIdentity } from './summary-file.js';

/**
 * The coverage marks at the end of a campaign: the table of marks with the runs that hit each,
 * the marks never hit, and the verdict on each scenario's required marks.
 *
 * Required marks are checked when asked (`--require-marks`) and on a default campaign: complete,
 * at least the default number of runs, unsharded, of the bundled implementations with the
 * default crash model, scheduler, exploration and workload size, no faults. Scenarios choose
 * required marks that such a campaign hits with a wide margin, so a shorter campaign, a shard or
 * a campaign under other flags (which reach other states) is never failed for a mark it could
 * well have missed by chance.
 */

/** Whether the campaign's required marks are checked (see above); `complete`: every requested run ran. */
export function requiresMarks(options: CliOptions, complete: boolean): boolean {
  if (options.requireMarks) return true;
  return (
    complete &&
    options.runs >= DEFAULT_RUNS &&
    options.shard === null &&
    options.impl === null &&
    options.faults === null &&
    options.profile === null &&
    options.scheduler === 'random' &&
    options.exploration === 'random' &&
    options.clients === null &&
    options.ops === null &&
    !options.crashRecovery
  );
}

/**
 * Whether merged shards are checked like the campaign they make up: the same rule, for the whole
 * campaign the shards' common options describe.
 */
export function mergedRequiresMarks(campaign: CampaignIdentity, complete: boolean): boolean {
  return (
    complete &&
    campaign.runsPerScenario >= DEFAULT_RUNS &&
    campaign.impl === null &&
    campaign.faults === null &&
    campaign.profile === null &&
    campaign.scheduler === 'random' &&
    campaign.exploration === 'random' &&
    campaign.clients === null &&
    campaign.ops === null &&
    !campaign.crashRecovery
  );
}

/** Per scenario, the required marks none of its runs hit (scenarios missing none are absent). */
export function missingMarksByScenario(summary: CampaignSummary): Record<string, string[]> {
  const missing: Record<string, string[]> = {};
  for (const scenario of summary.scenarios) {
    const labels = missingMarks(scenario);
    if (labels.length > 0) missing[scenario.scenario] = labels;
  }
  return missing;
}

/** The marks section of the text summary; `checked` says whether required marks were enforced. */
export function formatMarks(summary: CampaignSummary, checked: boolean): string {
  const descriptions = new Map(declaredMarks().map((mark) => [mark.label, mark.description]));
  const requiredBy = new Map<string, string[]>();
  for (const scenario of summary.scenarios) {
    for (const label of scenario.requiredMarks) requiredBy.set(label, [...(requiredBy.get(label) ?? []), scenario.scenario]);
  }
  const { labels, unreached } = reachedLabels(summary, requiredBy);
  const width = Math.max(0, ...labels.map((label) => label.length));
  const countWidth = Math.max(0, ...labels.map((label) => String(summary.marks[label]).length));
  const lines = [`coverage marks: runs that hit each, of ${summary.runs} (* required)`];
  for (const label of labels) {
    const required = requiredBy.has(label) ? '*' : ' ';
    lines.push(`  ${required}${label.padEnd(width)}  ${String(summary.marks[label]).padStart(countWidth)}  ${descriptions.get(label) ?? ''}`.trimEnd());
  }
  const never = labels.filter((label) => summary.marks[label] === 0);
  lines.push(never.length === 0 ? 'every mark was hit' : `never hit (${never.length}): ${never.join(', ')}`);
  if (unreached.length > 0) lines.push(`not listed: the marks of ${unreached.join(', ')}, which no run of this campaign reached (none of their marks was hit)`);
  lines.push(requiredVerdict(summary, checked));
  return lines.join('\n');
}

/** A mark's namespace: the store or scenario it belongs to (`wal` of `wal.segment.sealed`). */
function namespaceOf(label: string): string {
  return label.startsWith('scenario.') ? label.split('.').slice(0, 2).join('.') : (label.split('.')[0] ?? label);
}

/**
 * The marks worth listing: those of a namespace (a store, or one scenario's own marks) that some
 * run reached, or that a scenario of the campaign requires. A blob campaign never opens the WAL,
 * so the WAL's marks, all at 0, would only say that the campaign did not test what it never ran.
 */
function reachedLabels(summary: CampaignSummary, requiredBy: ReadonlyMap<string, readonly string[]>): { labels: string[]; unreached: string[] } {
  // A scenario's own marks (`scenario.<name>.*`) say nothing about a campaign that did not run it.
  const ran = new Set(summary.scenarios.map((scenario) => `scenario.${scenario.scenario}`));
  const all = Object.keys(summary.marks).filter((label) => !label.startsWith('scenario.') || ran.has(namespaceOf(label)));
  const reached = new Set(all.filter((label) => (summary.marks[label] ?? 0) > 0 || requiredBy.has(label)).map(namespaceOf));
  const unreached = [...new Set(all.map(namespaceOf).filter((namespace) => !reached.has(namespace)))].sort();
  return { labels: all.filter((label) => reached.has(namespaceOf(label))), unreached };
}

function requiredVerdict(summary: CampaignSummary, checked: boolean): string {
  const required = summary.scenarios.reduce((n, s) => n + s.requiredMarks.length, 0);
  const missing = Object.entries(missingMarksByScenario(summary));
  if (missing.length === 0) return `required marks: all ${required} hit${checked ? '' : ' (not enforced: not a default campaign; --require-marks enforces)'}`;
  const listed = missing.map(([scenario, labels]) => `${scenario}: ${labels.join(', ')}`).join('; ');
  if (!checked) return `required marks not hit (not enforced: not a default campaign; --require-marks enforces): ${listed}`;
  return `REQUIRED MARKS NEVER HIT: ${listed}; the campaign never reached these states, so it did not test them`;
}
