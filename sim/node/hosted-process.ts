import { fileURLToPath } from 'node:url';
import type { SimFs } from '../disk/index.js';
import { RngStreams } from '../rng.js';
import { describeError } from '../runner/describe-error.js';
import { StableHash } from '../trace.js';
import type { Violation } from '../scenario.js';
import { NodeRun } from './node-run.js';
import type { InterpositionViolation } from './node-run.js';

/**
 * One simulated process of code under test, from its start to its close: a NodeRun on the disk,
 * whose one `execute` lasts as long as the process. Everything the code does in that time (its
 * operations, the timers it leaves, background work between operations) runs on the disk and on
 * the run's virtual time, as in a process that stays up between calls. Opening and closing the
 * process are where it begins and ends; in between, every call goes through `call`.
 *
 * The process ends early when the run rejects: a timer callback of the code threw (an uncaught
 * exception, which kills a real process), or a watchdog aborted it (a phase that never settled).
 * Calls in flight then reject with that error, and later calls at once.
 *
 * The process is seeded by the disk's seed and what the disk holds when it starts (its files'
 * names and sizes): a process restarted after a crash draws other random values (temp names)
 * than the one before it, as a restarted process would, and the same ones on every replay.
 */
export class HostedProcess {
  readonly run: NodeRun;
  /** Resolves the process's life: its `execute` then settles. */
  #endLife: () => void = () => undefined;
  #executed: Promise<void> | null = null;
  /** Why the process ended (closed or died); null while it runs. */
  #ended: Error | null = null;
  readonly #died: Promise<never>;
  #rejectDied: (error: Error) => void = () => undefined;

  constructor(disk: SimFs, root: string) {
    this.run = new NodeRun({ disk, root, seed: processSeed(disk) });
    this.#died = new Promise<never>((_, reject) => {
      this.#rejectDied = reject;
    });
    // Rejected only while calls may be racing it; nobody needs to hear of it otherwise.
    this.#died.catch(() => undefined);
  }

  /** Starts the process and runs `open` in it; resolves as `open` does, the process left running. */
  start<T>(open: () => Promise<T>): Promise<T> {
    let opened: (value: T) => void = () => undefined;
    const openedNow = new Promise<T>((resolve) => {
      opened = resolve;
    });
    const life = new Promise<void>((resolve) => {
      this.#endLife = resolve;
    });
    const executed = this.run.execute(async () => {
      opened(await open());
      await life;
    });
    this.#executed = executed;
    executed.then(
      () => this.#end(new Error('the process was closed')),
      (error: unknown) => this.#die(error),
    );
    // `executed` settles first only when `open` failed (it rejects then, the run put back).
    return Promise.race([openedNow, executed.then(() => openedNow)]);
  }

  /** Runs `work` in the process; rejects when the process ended before or while it ran. */
  call<T>(work: () => Promise<T>): Promise<T> {
    if (this.#ended !== null) return Promise.reject(this.#ended);
    let working: Promise<T>;
    try {
      working = work();
    } catch (error) {
      return Promise.reject(error);
    }
    return Promise.race([working, this.#died]);
  }

  /** Ends the process after `last` (its close, if it has one); resolves once the run is put back. */
  async stop(last: (() => Promise<void>) | undefined): Promise<void> {
    let failure: unknown = null;
    try {
      if (last !== undefined) await this.call(last);
    } catch (error) {
      failure = error;
    }
    const dead = this.#ended;
    this.#endLife();
    try {
      await this.#executed;
    } catch (error) {
      failure ??= error;
    }
    if (failure !== null) throw failure;
    if (dead !== null) throw dead;
  }

  #end(reason: Error): void {
    this.#ended ??= reason;
  }

  #die(error: unknown): void {
    if (this.#ended !== null) return;
    const died = new Error(`the simulated process of the implementation ended: ${describeError(error)}`, { cause: error });
    this.#ended = died;
    this.#rejectDied(died);
  }

  /** The run's blocked and refused calls as violations: the first of each kind, with its caller's stack. */
  violations(): Violation[] {
    const firstByKind = new Map<InterpositionViolation['kind'], { first: InterpositionViolation; count: number }>();
    for (const violation of this.run.violations) {
      const seen = firstByKind.get(violation.kind);
      if (seen === undefined) firstByKind.set(violation.kind, { first: violation, count: 1 });
      else seen.count++;
    }
    return [...firstByKind.values()].map(({ first, count }) => hostViolation(first, count, this.run.root));
  }
}

/** Seeds are drawn below this bound (any value of it is a valid NodeRun seed). */
const PROCESS_SEED_BOUND = 2 ** 31;

/** The seed of a process starting on `disk`: the run's seed and the files the disk holds. */
function processSeed(disk: SimFs): number {
  const files = new StableHash();
  for (const file of disk.visibleFiles()) files.update(`${file.paths.join(',')} ${file.sizeBytes}\n`);
  return new RngStreams(disk.options.seed ?? 0).stream(`process ${files.digest()}`).int(PROCESS_SEED_BOUND);
}

const INVARIANT_OF_KIND: Readonly<Record<InterpositionViolation['kind'], string>> = {
  'outside-root': 'path-outside-root',
  unsupported: 'unsupported-call',
  'after-run': 'after-run',
};

/** How many frames of the caller's stack a violation shows, at most. */
const STACK_FRAMES_SHOWN = 6;
/**
 * Frames from here on are crashsim's own (the runner driving the code), not the caller's: the
 * source folders, and this module's own folder, which is the whole of crashsim in the package's
 * bundle.
 */
const CRASHSIM_DIRS = ['../../sim/', '../../scenarios/', './'].map((dir) => fileURLToPath(new URL(dir, import.meta.url)));

function hostViolation(violation: InterpositionViolation, count: number, root: string): Violation {
  const what =
    violation.kind === 'outside-root'
      ? `${violation.call} ${JSON.stringify(violation.path)} is outside the simulated root ${root}: blocked (not performed)`
      : violation.kind === 'unsupported'
        ? `${violation.call} ${JSON.stringify(violation.path)} was refused: ${violation.message}`
        : `${violation.call} ${JSON.stringify(violation.path)} came after the process was closed: refused`;
  const more = count > 1 ? ` (and ${count - 1} more such call${count === 2 ? '' : 's'})` : '';
  return { invariant: INVARIANT_OF_KIND[violation.kind], message: `${what}${more}; called from:\n${stackOf(violation.stack)}` };
}

/** The caller's frames of a stack, up to crashsim's own, without the fresh-module query (it numbers runs, not code). */
function stackOf(stack: string): string {
  const frames = stack.split('\n').filter((line) => line.trim() !== '');
  const own = frames.findIndex((line) => CRASHSIM_DIRS.some((dir) => line.includes(dir)));
  const shown = frames.slice(0, Math.min(own === -1 ? frames.length : Math.max(own, 1), STACK_FRAMES_SHOWN));
  return shown.map((line) => `    ${line.trim().replace(/\?crashsim-fresh=\d+/g, '')}`).join('\n');
}
