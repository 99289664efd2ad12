import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { SCENARIOS } from '../scenarios/index.js';
import { median } from './harness.js';
import type { BenchContext, BenchSection, Json } from './harness.js';

/**
 * This tree against another checkout of crashsim (`CRASHSIM_BENCH_BASELINE=/path/to/checkout`,
 * e.g. a `git worktree` of the commit before a change): CPU milliseconds per random-crash run per
 * scenario, per crash state checked in exhaustive mode per scenario, and per state `crashStates()`
 * enumerates on the exhaustive section's disk under each profile. Each measurement is a
 * process of its own (bench/cpu-child.ts) running the same seeds in either tree; the two trees
 * alternate within every round and swap which goes first from one round to the next, and each
 * figure is the median over rounds of the per-round ratio. Skipped, saying so, when no baseline
 * is given.
 */

const BASELINE_ENV = 'CRASHSIM_BENCH_BASELINE';
/** The most a change may slow a scenario down (issue 13: "no scenario slower by more than 5%"). */
export const SLOWDOWN_ALLOWED = 0.05;

const CHILD = fileURLToPath(new URL('./cpu-child.ts', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx');

interface Measure {
  readonly kind: 'scenario' | 'exhaustive' | 'crashStates';
  /** The scenario, or for crashStates the crash profile. */
  readonly name: string;
}

const PROFILES = ['posix', 'ext4-ordered', 'process'] as const;

function measureLabel(measure: Measure): string {
  return measure.kind === 'scenario' ? measure.name : `${measure.name} ${measure.kind === 'exhaustive' ? 'exhaustive' : 'crashStates'}`;
}

function measureOnce(dir: string, measure: Measure, warmup: number, count: number): number {
  const args = ['--import', TSX, CHILD, dir, measure.kind, measure.name, String(warmup), String(count)];
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) {
    // The child's own one-line reason (exit 3), else the first line of the error it died of.
    const lines = result.stderr.trim().split('\n');
    const reason = result.status === 3 ? lines[0] : lines.find((line) => /Error/.test(line));
    throw new Error(`${measure.name}: ${reason ?? `exit ${String(result.status)} in ${dir}`}`);
  }
  return (JSON.parse(result.stdout.trim()) as { cpuMsPerUnit: number }).cpuMsPerUnit;
}

interface Row {
  readonly name: string;
  readonly nowMs: number;
  readonly beforeMs: number;
  /** Baseline CPU over this tree's, median of the rounds' ratios: above 1 is faster. */
  readonly speed: number;
}

function compare(context: BenchContext, dir: string, measure: Measure): Row {
  const rounds = context.budget.rounds;
  // A crashStates() call on the 34-pending-operation disk, or an exhaustive run, does many runs' work.
  const perUnit = measure.kind === 'crashStates' ? 100 : measure.kind === 'exhaustive' ? 8 : 1;
  const count = Math.max(5, Math.round((400 * context.budget.timeScale) / perUnit));
  const warmup = Math.ceil(count / 3);
  const now: number[] = [];
  const before: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['.', dir] : [dir, '.'];
    for (const tree of order) (tree === '.' ? now : before).push(measureOnce(tree, measure, warmup, count));
  }
  const ratios = now.map((ms, i) => (before[i] ?? Number.NaN) / ms);
  return { name: measureLabel(measure), nowMs: median(now), beforeMs: median(before), speed: median(ratios) };
}

export const againstBaselineSection: BenchSection = {
  name: 'baseline',
  description: `This tree against another checkout (${BASELINE_ENV}=DIR), side by side in alternating processes: CPU ms per run and per exhaustive state per scenario, and per crashStates() state per profile.`,
  async run(context): Promise<Json> {
    const dir = process.env[BASELINE_ENV];
    if (dir === undefined || dir === '') {
      context.note(`skipped: set ${BASELINE_ENV} to another checkout of crashsim (e.g. a git worktree of the commit before a change) to compare with it`);
      return { skipped: `${BASELINE_ENV} not set` };
    }
    const measures: Measure[] = [
      ...SCENARIOS.map((s): Measure => ({ kind: 'scenario', name: s.name })),
      ...SCENARIOS.map((s): Measure => ({ kind: 'exhaustive', name: s.name })),
      ...PROFILES.map((profile): Measure => ({ kind: 'crashStates', name: profile })),
    ];
    const rows: Row[] = [];
    const missing: string[] = [];
    for (const measure of measures) {
      try {
        rows.push(compare(context, dir, measure));
      } catch (error) {
        missing.push(error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error));
      }
    }
    context.table(
      `baseline: this tree against ${dir} (CPU ms per random-crash run; per crash state checked (exhaustive, maxStates 64) or enumerated (crashStates); median of ${context.budget.rounds} alternating rounds)`,
      ['what', 'this tree', 'baseline', 'speed', `within ${SLOWDOWN_ALLOWED * 100}%`],
      rows.map((r) => [r.name, r.nowMs, r.beforeMs, `${r.speed.toFixed(2)}x`, r.speed >= 1 - SLOWDOWN_ALLOWED ? 'yes' : 'NO']),
    );
    for (const line of missing) context.note(`not compared: ${line}`);
    return { baseline: dir, rows: rows.map((r) => ({ ...r })), notCompared: missing };
  },
};
