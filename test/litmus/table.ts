import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ALL_LITMUS_TESTS } from './all.js';
import { LITMUS_PROFILES } from './harness.js';
import type { LitmusTest } from './harness.js';
import { SOURCES } from './sources.js';
import type { SourceKey } from './sources.js';

/**
 * The README table "What the simulated disk may do", generated from the litmus suite: one row per
 * rule, one column per profile, so it cannot drift from what the tests check.
 *
 *   npx tsx test/litmus/table.ts            prints the table
 *   npx tsx test/litmus/table.ts --readme   rewrites the marked section of README.md
 */

export const TABLE_START = '<!-- litmus-table:start (generated from test/litmus by `npx tsx test/litmus/table.ts --readme`; do not edit) -->';
export const TABLE_END = '<!-- litmus-table:end -->';
export const README_PATH = fileURLToPath(new URL('../../README.md', import.meta.url));

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** The table's markdown: rules in the order the suite first names them. */
export function renderTable(tests: readonly LitmusTest[] = ALL_LITMUS_TESTS): string {
  const rules = distinct(tests.map((test) => test.rule));
  const header = `| rule | ${LITMUS_PROFILES.map((profile) => `\`${profile}\``).join(' | ')} | sources | litmus tests |`;
  const rows = rules.map((rule) => {
    const ofRule = tests.filter((test) => test.rule === rule);
    const cells = LITMUS_PROFILES.map((profile) => cell(distinct(ofRule.map((test) => test.expected[profile].summary)).join('; ')));
    const keys = distinct(ofRule.flatMap((test) => LITMUS_PROFILES.flatMap((profile) => test.expected[profile].sources)));
    const sources = keys.map((key: SourceKey) => `[${SOURCES[key].short}](${SOURCES[key].url})`).join(', ');
    return `| ${cell(rule)} | ${cells.join(' | ')} | ${sources} | ${ofRule.length} |`;
  });
  return [header, `| --- | ${LITMUS_PROFILES.map(() => '---').join(' | ')} | --- | --- |`, ...rows].join('\n');
}

/** `readme` with the text between the markers replaced by `table`; throws if the markers are missing. */
export function withTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no litmus table section (${TABLE_START} ... ${TABLE_END})`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}

function main(args: readonly string[]): number {
  if (args.length === 0) {
    process.stdout.write(`${renderTable()}\n`);
    return 0;
  }
  if (args.length !== 1 || args[0] !== '--readme') {
    process.stderr.write(`table.ts: unknown arguments '${args.join(' ')}'; use no argument to print the table, or --readme to rewrite README.md's section\n`);
    return 2;
  }
  let readme: string;
  let updated: string;
  try {
    readme = readFileSync(README_PATH, 'utf8');
    updated = withTable(readme, renderTable());
  } catch (error) {
    process.stderr.write(`table.ts: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (updated !== readme) writeFileSync(README_PATH, updated);
  process.stdout.write(updated === readme ? 'README.md: the litmus table is up to date\n' : 'README.md: the litmus table was rewritten\n');
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
