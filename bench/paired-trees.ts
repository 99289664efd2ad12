import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { median } from './harness.js';

/**
 * Two checkouts of crashsim measured side by side: one serving child per tree (bench/cpu-child.ts
 * in `serve` mode), both warmed up, then given equal batches of the same seeds in turn, the order
 * swapped from one pair to the next. Each pair's ratio compares the trees over the same second of
 * the machine's life, so the slow drifts and bursts of a shared VM fall on both; the figure is the
 * median of many such ratios.
 *
 * Both children are pinned to one CPU, the last, when `taskset` exists: on the 2-vCPU VMs this
 * was built on, a process that wanders onto the first vCPU (the one taking interrupts) ran
 * allocation-heavy code 1.3-2.5x slower for seconds at a time, while pure arithmetic ran alike on
 * both, so whichever tree the OS happened to place there lost.
 */

const CHILD = fileURLToPath(new URL('./cpu-child.ts', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx');

export interface PairedMeasure {
  readonly kind: 'scenario' | 'exhaustive' | 'crashStates' | 'node-fs';
  /** The scenario, or for crashStates the crash profile. */
  readonly name: string;
}

export interface PairedOptions {
  readonly pairs: number;
  /** CPU milliseconds a batch should take in the `before` tree (its size comes from that tree's warm-up). */
  readonly batchMs: number;
  readonly warmupCalls: number;
}

export interface PairedResult {
  /** CPU ms per unit, median over batches. */
  readonly nowMs: number;
  readonly beforeMs: number;
  /** Median over pairs of before / now: above 1, this tree is faster. */
  readonly speed: number;
  /** The middle half of the pairs' ratios. */
  readonly speedQuartiles: readonly [number, number];
  readonly pairs: number;
  readonly batchSize: number;
}

/** The pinning prefix: `taskset -c LAST` when taskset exists on a machine of 2 or more CPUs. */
function pinning(): string[] {
  const cpus = availableParallelism();
  if (cpus < 2 || process.platform !== 'linux') return [];
  const probe = spawnSync('taskset', ['-c', String(cpus - 1), 'true']);
  return probe.status === 0 ? ['taskset', '-c', String(cpus - 1)] : [];
}

class ServingChild {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #lines: AsyncIterator<string>;
  #stderr = '';

  constructor(prefix: readonly string[], tree: string, measure: PairedMeasure, warmupCalls: number) {
    const args = ['--import', TSX, CHILD, tree, measure.kind, measure.name, String(warmupCalls), 'serve'];
    const [command, ...rest] = prefix.length > 0 ? [...prefix, process.execPath, ...args] : [process.execPath, ...args];
    this.#child = spawn(command ?? process.execPath, rest, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#child.stderr.on('data', (chunk: Buffer) => {
      this.#stderr += chunk.toString('utf8');
    });
    this.#lines = createInterface({ input: this.#child.stdout })[Symbol.asyncIterator]();
  }

  /** The next line the child prints; rejects, with its own reason, when it exits first. */
  async #line(): Promise<string> {
    const next = await this.#lines.next();
    if (next.done === true) {
      const lines = this.#stderr.trim().split('\n');
      // The child's one-line reason (it exits 3 for a scenario the tree lacks), else its error.
      throw new Error(lines.find((line) => /Error|has no scenario/.test(line)) ?? lines[0] ?? 'the measuring child exited');
    }
    return next.value;
  }

  /** Waits for the warm-up; returns its CPU ms per call. */
  async ready(): Promise<number> {
    const line = await this.#line();
    return Number(line.replace(/^ready /, ''));
  }

  async batch(size: number): Promise<number> {
    this.#child.stdin.write(`${String(size)}\n`);
    return (JSON.parse(await this.#line()) as { cpuMsPerUnit: number }).cpuMsPerUnit;
  }

  close(): void {
    this.#child.stdin.end();
    this.#child.kill();
  }
}

function quartiles(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return [at(0.25), at(0.75)];
}

/** Measures `measure` in `now` and `before` (checkout directories), in alternating batches. */
export async function comparePaired(now: string, before: string, measure: PairedMeasure, options: PairedOptions): Promise<PairedResult> {
  const prefix = pinning();
  const nowChild = new ServingChild(prefix, now, measure, options.warmupCalls);
  const beforeChild = new ServingChild(prefix, before, measure, options.warmupCalls);
  try {
    const [, beforeMsPerCall] = await Promise.all([nowChild.ready(), beforeChild.ready()]);
    const batchSize = Math.max(1, Math.round(options.batchMs / Math.max(beforeMsPerCall, 1e-3)));
    const nowMs: number[] = [];
    const beforeMs: number[] = [];
    for (let pair = 0; pair < options.pairs; pair++) {
      if (pair % 2 === 0) {
        nowMs.push(await nowChild.batch(batchSize));
        beforeMs.push(await beforeChild.batch(batchSize));
      } else {
        beforeMs.push(await beforeChild.batch(batchSize));
        nowMs.push(await nowChild.batch(batchSize));
      }
    }
    const ratios = nowMs.map((ms, i) => (beforeMs[i] ?? Number.NaN) / ms);
    return { nowMs: median(nowMs), beforeMs: median(beforeMs), speed: median(ratios), speedQuartiles: quartiles(ratios), pairs: options.pairs, batchSize };
  } finally {
    nowChild.close();
    beforeChild.close();
  }
}
