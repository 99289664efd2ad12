import { wallClockMs } from './wall-clock.js';

/**
 * Progress lines of a campaign on stderr, at most one every two seconds: runs done of the runs
 * requested, and when the campaign should end, from the pace so far or the time budget,
 * whichever comes first. The pace is measured from the first run's end, so that starting the
 * worker threads does not count as the runs' time.
 */

const PROGRESS_INTERVAL_MS = 2000;

export interface ProgressInput {
  /** Runs requested in all (every scenario, after sharding). */
  readonly total: number;
  readonly budgetMs: number;
  readonly write: (text: string) => void;
}

export class Progress {
  readonly #input: ProgressInput;
  readonly #started = wallClockMs();
  #lastLine = this.#started;
  #firstDoneAt: number | null = null;
  #done = 0;

  constructor(input: ProgressInput) {
    this.#input = input;
  }

  get done(): number {
    return this.#done;
  }

  /** `count` runs finished, the latest `scenario` `seed`. */
  ran(scenario: string, seed: number, count = 1): void {
    this.#done += count;
    const now = wallClockMs();
    this.#firstDoneAt ??= now;
    if (now - this.#lastLine <= PROGRESS_INTERVAL_MS) return;
    this.#lastLine = now;
    this.#input.write(`  ... ${this.line(now)}, now ${scenario} seed ${seed}\n`);
  }

  /** `386/14000 runs (2%), 4 s, ETA 36 s (time budget)`. */
  line(now: number = wallClockMs()): string {
    const { total, budgetMs } = this.#input;
    const elapsedMs = now - this.#started;
    const percent = total === 0 ? 100 : Math.floor((100 * this.#done) / total);
    const pacedRuns = this.#done - 1;
    const byPaceMs = this.#firstDoneAt === null || pacedRuns < 1 ? Infinity : ((now - this.#firstDoneAt) / pacedRuns) * (total - this.#done);
    const byBudgetMs = Math.max(0, budgetMs - elapsedMs);
    const eta = byPaceMs <= byBudgetMs ? `ETA ${seconds(byPaceMs)}` : `ETA ${seconds(byBudgetMs)} (the --time budget${Number.isFinite(byPaceMs) ? `; at this pace ${seconds(byPaceMs)} would be needed` : ''})`;
    return `${this.#done}/${total} runs (${percent}%), ${seconds(elapsedMs)}, ${eta}`;
  }
}

function seconds(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
