/**
 * Regenerates reports/regressions/: for every mutant (the naive state file of examples/ and the
 * npm packages of examples/npm/, under each crash model, too), runs seeds from 1 until one fails,
 * shrinks the failure, and saves the report (the replayable original and minimized cases) with a
 * readable timeline beside it, plus index.json.
 *
 *   npx tsx test/regressions/generate.ts            # every subject
 *   npx tsx test/regressions/generate.ts blob-      # only the files whose name contains "blob-"
 *
 * Existing cases of subjects not selected are kept in the index. This is a maintenance script,
 * not a simulated path: it may read the wall clock (for the shrink budget) and touch the real disk.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatTimeline, reportFailure, runScenario, type RunResult } from '../../sim/index.js';
import { INDEX_FILE, INDEX_FORMAT, REGRESSIONS_DIR, type RegressionEntry, type RegressionIndex, type RegressionSubject, loadCatalog } from './catalog.js';

const SEEDS_MAX = 1000;
const SHRINK_ATTEMPTS_MAX = 400;
const SHRINK_SECONDS_MAX = 60;

async function firstFailure(subject: RegressionSubject): Promise<RunResult | null> {
  for (let seed = 1; seed <= SEEDS_MAX; seed++) {
    const options = { seed, ...(subject.faults === null ? {} : { faults: subject.faults }), ...(subject.profile === undefined ? {} : { profile: subject.profile }) };
    const result = await runScenario(subject.scenario, options, { impl: subject.factory });
    if (result.violations.length > 0) return result;
  }
  return null;
}

async function generate(subject: RegressionSubject): Promise<RegressionEntry | null> {
  const original = await firstFailure(subject);
  if (original === null) {
    process.stderr.write(`  ${subject.file}: ${subject.mutant} survived ${SEEDS_MAX} seeds of ${subject.scenario.name}; nothing saved\n`);
    return null;
  }
  const deadlineMs = performance.now() + SHRINK_SECONDS_MAX * 1000;
  const scratch = await mkdtemp(join(tmpdir(), 'crashsim-regression-'));
  const { report, shrinking } = await reportFailure(subject.scenario, original, {
    reportsDir: scratch,
    impl: subject.factory,
    implLabel: subject.module,
    shrinkAttemptsMax: SHRINK_ATTEMPTS_MAX,
    shrinkShouldStop: () => performance.now() > deadlineMs,
  });
  await rm(scratch, { recursive: true, force: true });
  // The extra field names the mutant; report readers ignore fields they do not know.
  const saved = { ...report, mutant: { registry: subject.registry, name: subject.mutant, module: subject.module } };
  await writeFile(join(REGRESSIONS_DIR, subject.file), `${JSON.stringify(saved, null, 2)}\n`);
  await writeFile(join(REGRESSIONS_DIR, subject.file.replace(/\.json$/, '.txt')), formatTimeline(report, 'minimized'));
  const invariant = original.violations[0]?.invariant ?? 'unknown';
  process.stdout.write(`  ${subject.file}: seed ${original.options.seed} [${invariant}]; ${shrinking ?? 'not shrunk'}\n`);
  return { file: subject.file, scenario: subject.scenario.name, registry: subject.registry, mutant: subject.mutant, module: subject.module, invariant, seed: original.options.seed, faults: subject.faults };
}

async function readIndex(): Promise<RegressionEntry[]> {
  try {
    return [...(JSON.parse(await readFile(join(REGRESSIONS_DIR, INDEX_FILE), 'utf8')) as RegressionIndex).cases];
  } catch {
    return [];
  }
}

async function main(filter: string | undefined): Promise<void> {
  await mkdir(REGRESSIONS_DIR, { recursive: true });
  const { subjects, skipped } = await loadCatalog();
  for (const line of skipped) process.stderr.write(`  skipped ${line}\n`);
  const selected = subjects.filter((s) => filter === undefined || s.file.includes(filter));
  const entries = new Map((await readIndex()).map((entry) => [entry.file, entry]));
  // Saved cases whose subject no longer exists go away with it.
  for (const file of [...entries.keys()]) if (!subjects.some((s) => s.file === file)) entries.delete(file);
  for (const subject of selected) {
    const entry = await generate(subject);
    if (entry === null) entries.delete(subject.file);
    else entries.set(subject.file, entry);
  }
  const cases = subjects.flatMap((s) => entries.get(s.file) ?? []);
  const index: RegressionIndex = { format: INDEX_FORMAT, version: 1, cases };
  await writeFile(join(REGRESSIONS_DIR, INDEX_FILE), `${JSON.stringify(index, null, 2)}\n`);
  process.stdout.write(`${cases.length} saved cases in reports/regressions/ (${selected.length} regenerated)\n`);
}

await main(process.argv[2]);
