/**
 * The verdicts of examples/npm/: every package of packages.ts, under each crash model, through the
 * `atomic-file` scenario, unmodified; prints the Markdown table and the commands that reproduce it.
 *
 *   npx tsx examples/npm/verdicts.ts                 # print the section (about 15 minutes)
 *   npx tsx examples/npm/verdicts.ts --readme        # and write it into README.md
 *   npx tsx examples/npm/verdicts.ts --runs 50 --only lowdb,atomically
 *
 * A maintenance script: it runs `npm run sim` commands in child processes and reads their JSON.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_RUNS } from './cli-runs.js';
import { NPM_PROFILES, NPM_SUBJECTS, REPO_ROOT, type NpmSubject } from './packages.js';
import { judge, type VerdictRow } from './verdict-rows.js';
import { formatCommands, formatVerdictTable } from './verdict-table.js';

const BEGIN_MARK = '<!-- npm-verdicts:begin (made by npx tsx examples/npm/verdicts.ts --readme) -->';
const END_MARK = '<!-- npm-verdicts:end -->';

interface ScriptOptions {
  readonly runs: number;
  readonly subjects: readonly NpmSubject[];
  readonly readme: boolean;
}

function fail(message: string): never {
  process.stderr.write(`verdicts: ${message}\n`);
  process.exit(2);
}

function parseOptions(argv: readonly string[]): ScriptOptions {
  let runs = DEFAULT_RUNS;
  let subjects: readonly NpmSubject[] = NPM_SUBJECTS;
  let readme = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--readme') readme = true;
    else if (flag === '--runs') {
      const text = argv[++i] ?? '';
      runs = Number(text);
      if (!/^\d+$/.test(text) || runs < 1) fail(`--runs needs a positive whole number, got ${JSON.stringify(text)}`);
    } else if (flag === '--only') {
      const names = (argv[++i] ?? '').split(',').filter((name) => name !== '');
      const unknown = names.filter((name) => !NPM_SUBJECTS.some((s) => s.name === name));
      if (names.length === 0 || unknown.length > 0) fail(`--only takes packages among ${NPM_SUBJECTS.map((s) => s.name).join(', ')}, got ${JSON.stringify(argv[i] ?? '')}`);
      subjects = NPM_SUBJECTS.filter((s) => names.includes(s.name));
    } else fail(`unknown argument ${JSON.stringify(flag)}; flags: --runs N, --only A,B, --readme`);
  }
  if (readme && (runs !== DEFAULT_RUNS || subjects !== NPM_SUBJECTS)) fail(`--readme writes the whole table: give it without --runs or --only`);
  return { runs, subjects, readme };
}

/** The table and its commands, between the marks the README keeps them in. */
function formatSection(rows: readonly VerdictRow[]): string {
  return [BEGIN_MARK, '', formatVerdictTable(rows), '', 'The commands behind each row, from a fresh clone after `npm ci`: the campaign of the package (verdict, first failing seed, invariants), the real-disk confirmation of the committed shrunk case of its first failing seed, and the campaign of the fixed variant:', '', formatCommands(rows), '', END_MARK].join('\n');
}

async function writeIntoReadme(section: string): Promise<void> {
  const path = join(REPO_ROOT, 'README.md');
  const text = await readFile(path, 'utf8');
  const begin = text.indexOf(BEGIN_MARK);
  const end = text.indexOf(END_MARK);
  if (begin < 0 || end < begin) fail(`README.md has no section between ${BEGIN_MARK} and ${END_MARK}`);
  await writeFile(path, `${text.slice(0, begin)}${section}${text.slice(end + END_MARK.length)}`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const rows: VerdictRow[] = [];
  for (const subject of options.subjects) {
    for (const profile of NPM_PROFILES) {
      rows.push(await judge(subject, profile, options.runs, (line) => process.stderr.write(`  ${line}\n`)));
    }
  }
  const section = formatSection(rows);
  process.stdout.write(`${section}\n`);
  if (options.readme) await writeIntoReadme(section);
}

await main();
