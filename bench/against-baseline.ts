import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIOS } from '../scenarios/index.js';
import { BenchInputError, type BenchContext, type BenchSection, type Json } from './harness.js';
import { comparePaired, type PairedMeasure, type PairedResult } from './paired-trees.js';

/**
 * This tree against another checkout of crashsim (`CRASHSIM_BENCH_BASELINE=/path/to/checkout`,
 * e.g. a `git worktree` of the commit before a change): CPU milliseconds per random-crash run per
 * scenario, per crash state checked in exhaustive mode per scenario, and per state `crashStates()`
 * enumerates on the exhaustive section's disk under each profile, and per atomic-file run of each
 * store of the node-fs section (interposed, and its port). Each measurement runs the same
 * seeds in a serving child per tree, in alternating batches (bench/paired-trees.ts); each figure
 * is the median over the pairs of batches of the per-pair ratio. `CRASHSIM_BENCH_TREE=DIR`
 * measures another checkout in place of this one (the bench code stays this tree's), and
 * `CRASHSIM_BENCH_BASELINE_ONLY=blob,wal` takes only the measures it names. Skipped,
 * saying so, when no baseline is given.
 */

const BASELINE_ENV = 'CRASHSIM_BENCH_BASELINE';
const TREE_ENV = 'CRASHSIM_BENCH_TREE';
/** A comma-separated list of the measures to take (their labels, e.g. `blob,wal exhaustive`); all when unset. */
const ONLY_ENV = 'CRASHSIM_BENCH_BASELINE_ONLY';
/** The most a change may slow a scenario down (issue 13: "no scenario slower by more than 5%"). */
export const SLOWDOWN_ALLOWED = 0.05;

const PROFILES = ['posix', 'ext4-ordered', 'process'] as const;
/** The node-fs bench's stores (bench/node-fs.ts): through interposition, and their ports. */
const NODE_FS_STORES = ['reference', 'reference-port', 'write-file-atomic', 'write-file-atomic-port'] as const;

function measureLabel(measure: PairedMeasure): string {
  return measure.kind === 'scenario' ? measure.name : `${measure.name} ${measure.kind}`;
}

/** Calls before timing: scenario runs keep changing cost for about a thousand runs of a process. */
function warmupCallsOf(kind: PairedMeasure['kind']): number {
  if (kind === 'crashStates') return 20;
  if (kind === 'exhaustive') return 40;
  // An interposed run costs ten scenario runs; 300 of them are as many seconds of warm-up.
  if (kind === 'node-fs') return 300;
  // state-file's runs kept changing cost for the first thousand runs of a process (the JIT still
  // at work), which made its figure swing by 10% between otherwise equal measurements.
  return 1500;
}

interface Row extends PairedResult {
  readonly name: string;
}

async function compare(context: BenchContext, tree: string, dir: string, measure: PairedMeasure): Promise<Row> {
  // 100 pairs of 120 ms batches put the median ratio within about 1.5% on a noisy 2-vCPU VM.
  const pairs = context.budget.quick ? 30 : 100;
  const result = await comparePaired(tree, dir, measure, { pairs, batchMs: 120, warmupCalls: warmupCallsOf(measure.kind) });
  return { name: measureLabel(measure), ...result };
}

export const againstBaselineSection: BenchSection = {
  name: 'baseline',
  description: `This tree against another checkout (${BASELINE_ENV}=DIR), side by side in alternating batches of serving processes: CPU ms per run and per exhaustive state per scenario, and per crashStates() state per profile.`,
  async run(context): Promise<Json> {
    const dir = process.env[BASELINE_ENV];
    const tree = process.env[TREE_ENV] ?? '.';
    if (dir === undefined || dir === '') {
      context.note(`skipped: set ${BASELINE_ENV} to another checkout of crashsim (e.g. a git worktree of the commit before a change) to compare with it`);
      return { skipped: `${BASELINE_ENV} not set` };
    }
    const measures: PairedMeasure[] = [
      ...SCENARIOS.map((s): PairedMeasure => ({ kind: 'scenario', name: s.name })),
      ...SCENARIOS.map((s): PairedMeasure => ({ kind: 'exhaustive', name: s.name })),
      ...PROFILES.map((profile): PairedMeasure => ({ kind: 'crashStates', name: profile })),
      ...NODE_FS_STORES.map((store): PairedMeasure => ({ kind: 'node-fs', name: store })),
    ];
    const only = (process.env[ONLY_ENV] ?? '').split(',').map((label) => label.trim()).filter((label) => label !== '');
    const unknown = only.filter((label) => !measures.some((measure) => measureLabel(measure) === label));
    if (unknown.length > 0) throw new BenchInputError(`${ONLY_ENV} names no measure: ${unknown.join(', ')} (the measures are a scenario's name, "<scenario> exhaustive", "<profile> crashStates" or "<store> node-fs", a store being ${NODE_FS_STORES.join(', ')})`);
    if (!existsSync(join(dir, 'sim', 'index.ts'))) throw new BenchInputError(`${BASELINE_ENV}=${dir} is not a checkout of crashsim (it has no sim/index.ts)`);
    if (!existsSync(join(tree, 'sim', 'index.ts'))) throw new BenchInputError(`${TREE_ENV}=${tree} is not a checkout of crashsim (it has no sim/index.ts)`);
    const rows: Row[] = [];
    const missing: string[] = [];
    for (const measure of measures.filter((m) => only.length === 0 || only.includes(measureLabel(m)))) {
      try {
        const row = await compare(context, tree, dir, measure);
        rows.push(row);
        context.note(`${row.name}: ${row.speed.toFixed(3)}x (${row.nowMs.toFixed(4)} vs ${row.beforeMs.toFixed(4)} ms)`);
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
        missing.push(`${measureLabel(measure)}: ${reason}`);
      }
    }
    context.table(
      `baseline: ${tree === '.' ? 'this tree' : tree} against ${dir} (CPU ms per random-crash run, or per atomic-file run of a node-fs store; per crash state checked (exhaustive, maxStates 64) or enumerated (crashStates); speed = median over pairs of alternating batches of the same seeds, with the middle half of the pairs' ratios)`,
      ['what', 'this tree', 'baseline', 'speed', 'middle half', 'pairs x batch', `within ${SLOWDOWN_ALLOWED * 100}%`],
      rows.map((r) => [
        r.name,
        r.nowMs,
        r.beforeMs,
        `${r.speed.toFixed(3)}x`,
        `${r.speedQuartiles[0].toFixed(2)}-${r.speedQuartiles[1].toFixed(2)}`,
        `${r.pairs} x ${r.batchSize}`,
        r.speed >= 1 - SLOWDOWN_ALLOWED ? 'yes' : 'NO',
      ]),
    );
    for (const line of missing) context.note(`not compared: ${line}`);
    return { tree, baseline: dir, rows: rows.map((r) => ({ ...r, speedQuartiles: [...r.speedQuartiles] })), notCompared: missing };
  },
};
