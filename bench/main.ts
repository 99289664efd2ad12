import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { BenchInputError, FULL_BUDGET, QUICK_BUDGET, describeError, formatNumber, formatTable, nowMs } from './harness.js';
import type { BenchBudget, BenchContext, BenchSection, Json } from './harness.js';

/**
 * `npm run bench [-- --only NAME[,NAME] --quick --out FILE]`: runs the bench sections, prints
 * their tables and writes every figure to reports/bench.json.
 *
 * Sections are imported one by one when they run, so a store that is broken or unfinished (its
 * module does not load) costs only its own section, which is reported as failed.
 */

/** A section marked `optIn` takes minutes: it runs only when `--only` names it. */
const SECTIONS: readonly { readonly name: string; readonly load: () => Promise<BenchSection>; readonly optIn?: true }[] = [
  { name: 'fs-ops', load: async () => (await import('./fs-ops.js')).fsOpsSection },
  { name: 'scenarios', load: async () => (await import('./scenarios.js')).scenariosSection },
  { name: 'node-fs', load: async () => (await import('./node-fs.js')).nodeFsSection },
  { name: 'node-fs-costs', load: async () => (await import('./node-fs-costs.js')).nodeFsCostsSection },
  { name: 'exhaustive', load: async () => (await import('./exhaustive.js')).exhaustiveSection },
  { name: 'recovery-options', load: async () => (await import('./recovery-options.js')).recoveryOptionsSection },
  { name: 'mutants', load: async () => (await import('./mutants.js')).mutantsSection },
  { name: 'syncs', load: async () => (await import('./syncs.js')).syncsSection },
  { name: 'real-disk', load: async () => (await import('./real-disk.js')).realDiskSection },
  { name: 'startup', load: async () => (await import('./startup.js')).startupSection },
  { name: 'baseline', load: async () => (await import('./against-baseline.js')).againstBaselineSection },
  { name: 'long-campaigns', load: async () => (await import('./long-campaigns.js')).longCampaignsSection, optIn: true },
];

const DEFAULT_OUT = 'reports/bench.json';

const HELP = `Usage: npm run bench -- [options]

Measures crashsim and the bundled stores, prints tables and writes ${DEFAULT_OUT}.
Timings are medians of several rounds that alternate the contenders; counts of syncs and bytes
are deterministic.

  --only NAME[,NAME]   run only these sections: ${SECTIONS.map((s) => s.name).join(', ')}
                       (${SECTIONS.filter((s) => s.optIn).map((s) => s.name).join(', ')} take minutes and run only when named here)
  --quick              shorter rounds and smaller seed budgets (a smoke run, noisier figures)
  --out FILE           where to write the JSON (default ${DEFAULT_OUT}); sections not run keep
                       their previous figures in that file
  --help               this text`;

class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface BenchArgs {
  readonly only: readonly string[] | null;
  readonly budget: BenchBudget;
  readonly out: string;
  readonly help: boolean;
}

function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let only: string[] | null = null;
  let quick = false;
  let out = DEFAULT_OUT;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const text = inline ?? argv[++i];
      if (text === undefined || text === '') throw new UsageError(`${flag} needs a value`);
      return text;
    };
    if (flag === '--only') {
      only = value().split(',').map((name) => name.trim()).filter((name) => name !== '');
      const unknown = only.filter((name) => !SECTIONS.some((section) => section.name === name));
      if (unknown.length > 0) throw new UsageError(`--only: unknown section ${unknown.join(', ')}; the sections are ${SECTIONS.map((s) => s.name).join(', ')}`);
    } else if (flag === '--quick') {
      quick = true;
    } else if (flag === '--out') {
      out = value();
    } else if (flag === '--help' || flag === '-h') {
      help = true;
    } else {
      throw new UsageError(`unknown option ${JSON.stringify(arg)}; see npm run bench -- --help`);
    }
  }
  return { only, budget: quick ? QUICK_BUDGET : FULL_BUDGET, out, help };
}

function createContext(budget: BenchBudget): BenchContext {
  return {
    budget,
    table(title, header, rows) {
      console.log(`\n${title}\n${formatTable(header, rows)}`);
    },
    note(text) {
      console.log(text);
    },
  };
}

async function previousSections(out: string): Promise<Record<string, Json>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(out, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'sections' in parsed) {
      const sections = parsed.sections;
      if (typeof sections === 'object' && sections !== null && !Array.isArray(sections)) return { ...(sections as Record<string, Json>) };
    }
  } catch {
    // No previous report (or an unreadable one): start afresh.
  }
  return {};
}

/**
 * Runs one section and files its figures under its name. A failing section is reported and the
 * others still run: the bench measures, it does not gate. A section given bad input measured
 * nothing, so its previous figures stay in the report.
 */
async function runSection(entry: (typeof SECTIONS)[number], context: BenchContext, sections: Record<string, Json>): Promise<'ok' | 'failed' | 'bad input'> {
  const start = nowMs();
  const quick = context.budget.quick;
  console.log(`\n=== ${entry.name}`);
  try {
    const section = await entry.load();
    console.log(section.description);
    const figures = await section.run(context);
    sections[entry.name] = { measuredAt: new Date().toISOString(), quick, seconds: (nowMs() - start) / 1000, figures };
    return 'ok';
  } catch (error) {
    if (error instanceof BenchInputError) {
      console.error(`bench: ${entry.name}: ${error.message}`);
      return 'bad input';
    }
    console.log(`section ${entry.name} failed: ${error instanceof Error ? (error.stack ?? describeError(error)) : describeError(error)}`);
    sections[entry.name] = { measuredAt: new Date().toISOString(), quick, error: describeError(error) };
    return 'failed';
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`bench: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  const context = createContext(args.budget);
  const selected = SECTIONS.filter((section) => (args.only === null ? section.optIn !== true : args.only.includes(section.name)));
  const sections = await previousSections(args.out);
  const durations: [string, number, string][] = [];
  let failed = 0;
  let badInput = false;
  const benchStart = nowMs();
  console.log(`crashsim bench${args.budget.quick ? ' (--quick)' : ''}: ${selected.map((s) => s.name).join(', ')} on ${availableParallelism()} cores, Node ${process.version}`);
  for (const entry of selected) {
    const start = nowMs();
    const status = await runSection(entry, context, sections);
    if (status !== 'ok') failed++;
    if (status === 'bad input') badInput = true;
    durations.push([entry.name, (nowMs() - start) / 1000, status === 'ok' ? 'ok' : 'FAILED']);
  }
  const report = {
    tool: 'crashsim bench',
    writtenAt: new Date().toISOString(),
    node: process.version,
    cores: availableParallelism(),
    sections,
  };
  await mkdir(dirname(args.out), { recursive: true });
  await writeFile(args.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${formatTable(['section', 'seconds', 'status'], durations.map(([name, seconds, status]) => [name, formatNumber(seconds, 1), status]))}`);
  console.log(`\ntotal ${formatNumber((nowMs() - benchStart) / 1000, 1)} s; figures written to ${args.out}`);
  return badInput ? 2 : failed > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
