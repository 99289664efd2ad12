/**
 * The small harness every bench section shares: wall-clock timing, side-by-side rounds with
 * medians, and plain-text tables.
 *
 * Why rounds: this machine is shared and noisy. Measuring A for ten seconds and then B for ten
 * seconds lets a neighbour's burst land entirely on one of them; alternating A and B in short
 * rounds and taking each one's median spreads the noise over both and discards the outliers.
 *
 * Benchmarks are not a simulated path, so the real clock (`performance.now`) is fine here; nothing
 * here feeds a simulated run.
 */

/** Anything JSON can hold: what sections write to reports/bench.json. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

export function nowMs(): number {
  return performance.now();
}

/** How hard a section should try; `--quick` shrinks every budget. */
export interface BenchBudget {
  readonly quick: boolean;
  /** Rounds of side-by-side measurements (median over them). */
  readonly rounds: number;
  /** Scales every per-round duration: 1 by default, smaller with --quick. */
  readonly timeScale: number;
}

export const FULL_BUDGET: BenchBudget = { quick: false, rounds: 5, timeScale: 1 };
export const QUICK_BUDGET: BenchBudget = { quick: true, rounds: 3, timeScale: 0.25 };

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  if (sorted.length % 2 === 1) return upper;
  return ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

/**
 * One contender of a side-by-side measurement. `iterate` does one unit of work and returns how
 * many operations it counted (so a rate is operations per second). Setup and teardown are not
 * timed.
 */
export interface Contender<State> {
  readonly name: string;
  setup(): Promise<State>;
  iterate(state: State): Promise<number>;
  /** Called once warm-up is over, before the first timed round (to reset counters). */
  measuring?(state: State): void;
  teardown?(state: State): Promise<void>;
}

/** The rates one contender reached, one per round, and their median. */
export interface RateResult {
  readonly name: string;
  /** Operations per second, median over rounds. */
  readonly medianPerSecond: number;
  readonly perSecondByRound: readonly number[];
  readonly operations: number;
  readonly seconds: number;
}

/** Runs `iterate` until `durationMs` have passed (at least once); returns operations and seconds. */
export async function runFor<State>(contender: Contender<State>, state: State, durationMs: number): Promise<{ operations: number; seconds: number }> {
  const start = nowMs();
  const deadline = start + durationMs;
  let operations = 0;
  do {
    operations += await contender.iterate(state);
  } while (nowMs() < deadline);
  return { operations, seconds: (nowMs() - start) / 1000 };
}

export interface SideBySideOptions {
  readonly rounds: number;
  /** Each contender runs this long in each round. */
  readonly msPerRound: number;
  /** Untimed warm-up per contender before the first round (lets the JIT settle). Default msPerRound / 2. */
  readonly warmupMs?: number;
}

/**
 * Measures every contender in the same rounds: round r runs each contender for `msPerRound`, in
 * an order that rotates with r (so no contender always runs first, on a cold cache, or last).
 * Reports each contender's median rate.
 */
export async function sideBySide(contenders: readonly Contender<unknown>[], options: SideBySideOptions): Promise<RateResult[]> {
  const states: unknown[] = [];
  for (const contender of contenders) states.push(await contender.setup());
  try {
    const warmupMs = options.warmupMs ?? options.msPerRound / 2;
    if (warmupMs > 0) {
      for (const [i, contender] of contenders.entries()) await runFor(contender, states[i], warmupMs);
    }
    for (const [i, contender] of contenders.entries()) contender.measuring?.(states[i]);
    const rates: number[][] = contenders.map(() => []);
    const operations = contenders.map(() => 0);
    const seconds = contenders.map(() => 0);
    for (let round = 0; round < options.rounds; round++) {
      for (let k = 0; k < contenders.length; k++) {
        const i = (k + round) % contenders.length;
        const contender = contenders[i];
        if (contender === undefined) continue;
        const measured = await runFor(contender, states[i], options.msPerRound);
        rates[i]?.push(measured.operations / measured.seconds);
        operations[i] = (operations[i] ?? 0) + measured.operations;
        seconds[i] = (seconds[i] ?? 0) + measured.seconds;
      }
    }
    return contenders.map((contender, i) => ({
      name: contender.name,
      medianPerSecond: median(rates[i] ?? []),
      perSecondByRound: rates[i] ?? [],
      operations: operations[i] ?? 0,
      seconds: seconds[i] ?? 0,
    }));
  } finally {
    for (const [i, contender] of contenders.entries()) {
      if (contender.teardown !== undefined) await contender.teardown(states[i]);
    }
  }
}

/**
 * Erases a contender's state type so contenders of different states fit in one list. Safe because
 * sideBySide hands each contender only the state its own `setup` returned.
 */
export function contender<State>(c: Contender<State>): Contender<unknown> {
  return c as unknown as Contender<unknown>;
}

// ---- Output ----------------------------------------------------------------------------------

export type Cell = string | number;

/** Formats a number for a table: integers with thousands separators, else 2-3 significant places. */
export function formatNumber(value: number, fractionDigits?: number): string {
  if (!Number.isFinite(value)) return '-';
  if (fractionDigits !== undefined) return value.toFixed(fractionDigits);
  if (Number.isInteger(value) || Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A table: the first column left-aligned, the others right-aligned, numbers formatted. */
export function formatTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = [header, ...rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell)))];
  const widths = header.map((_, column) => Math.max(...text.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]): string =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(text[0] ?? []), rule, ...text.slice(1).map(line)].join('\n');
}

/** What a section can do besides returning its figures. */
export interface BenchContext {
  readonly budget: BenchBudget;
  /** Prints a titled table. */
  table(title: string, header: readonly string[], rows: readonly (readonly Cell[])[]): void;
  /** Prints a line (a note, a skip reason). */
  note(text: string): void;
}

/** Why a part of a section did not run: its store or scenario is not there (yet). */
export interface Skip {
  readonly what: string;
  readonly reason: string;
}

/**
 * What a section throws when what it was given is wrong (a setting in the environment, say): the
 * bench prints the message alone, on one line, and exits 2.
 */
export class BenchInputError extends Error {
  override readonly name = 'BenchInputError';
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.split('\n')[0] ?? ''}`;
  return String(error);
}

/** One bench section: its own file under bench/, selected with `--only NAME`. */
export interface BenchSection {
  readonly name: string;
  readonly description: string;
  /** Measures, prints its tables through `context`, and returns the figures for bench.json. */
  run(context: BenchContext): Promise<Json>;
}
