import { declaredMarks } from '../../src/coverage/index.js';

/**
 * The coverage marks of a campaign (src/coverage): how many runs hit each, per scenario and in
 * all, and which marks a scenario requires but no run of it hit.
 */

/** Adds `counts` into `into`, label by label. */
export function addCounts(into: Record<string, number>, counts: Readonly<Record<string, number>>): void {
  for (const [label, count] of Object.entries(counts)) into[label] = (into[label] ?? 0) + count;
}

/** The same counts with the labels in sorted order (an object prints in insertion order). */
export function sortedCounts(counts: Readonly<Record<string, number>>): Record<string, number> {
  const sorted: Record<string, number> = {};
  for (const label of Object.keys(counts).sort()) sorted[label] = counts[label] as number;
  return sorted;
}

/** Every declared mark (0 when never hit) and every mark hit, summed over the scenarios. */
export function campaignMarks(scenarios: readonly { readonly marks: Readonly<Record<string, number>> }[]): Record<string, number> {
  const all: Record<string, number> = {};
  for (const mark of declaredMarks()) all[mark.label] = 0;
  for (const scenario of scenarios) addCounts(all, scenario.marks);
  return sortedCounts(all);
}

/** A scenario's required marks that none of its runs hit. */
export function missingMarks(scenario: { readonly marks: Readonly<Record<string, number>>; readonly requiredMarks: readonly string[] }): string[] {
  return scenario.requiredMarks.filter((label) => (scenario.marks[label] ?? 0) === 0);
}
