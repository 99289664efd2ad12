import { createRequire } from 'node:module';
import type { Clock } from '@sinonjs/fake-timers';
import type { Rng, RngStreams } from '../rng.js';
import { assumeSimulatedIdentity } from './builtin-forwarders.js';
import { ProcessHooks } from './process-hooks.js';
import { InstalledClock } from './virtual-clock.js';

/**
 * The process as code under test sees it during a run, drawn from the run's seed: Math.random,
 * the clocks (Date, performance.now, process.hrtime) and the timers (setTimeout, setInterval,
 * setImmediate, and the `timers` and `timers/promises` modules) run on a @sinonjs/fake-timers
 * clock (put in place by InstalledClock), in virtual time that starts at a seeded instant of
 * 2026; process.pid and worker_threads' threadId are fixed, because temp-file names are often
 * made from them; process.cwd and process.chdir, which modules wrap when they load, are put back,
 * and so are the exit hooks the code installed (ProcessHooks: its process ends with the run).
 * Crypto's random functions draw from the seed through the functions `installInterposition` put
 * in place, and ESM named imports of the faked builtins reach the fakes through its forwarders
 * (builtin-forwarders.ts). Everything is put back by `restore()`.
 */

const VIRTUAL_EPOCH_MS = Date.UTC(2026, 0, 1);
const VIRTUAL_EPOCH_SPREAD_MS = 365 * 24 * 60 * 60 * 1000;
/** Timer callbacks one `fireNextTimer` may run at most before fake-timers reports a runaway loop. */
const TIMER_LOOP_LIMIT = 10_000;


/** The streams the process draws from; kept by the run, so they continue across its executions. */
export interface ProcessStreams {
  /** Math.random. */
  readonly random: Rng;
  /** Crypto's random bytes, UUIDs and integers; mkdtemp's names. */
  readonly bytes: Rng;
}

/** Where a run's virtual time starts: a seeded instant of 2026. */
export function virtualStartMs(streams: RngStreams): number {
  return VIRTUAL_EPOCH_MS + streams.stream('process-clock').int(VIRTUAL_EPOCH_SPREAD_MS);
}

export class DeterministicProcess {
  readonly clock: Clock;
  /** Where virtual time started for this execution (ms since the epoch). */
  readonly startMs: number;
  readonly #random: Rng;
  readonly #bytes: Rng;
  /** Held only to put back when the run ends; never called while code under test runs (it sees the seeded draw). */
  readonly #realMathRandom = Math.random;
  /** Puts the real process.pid and threadId back. */
  readonly #restoreIdentity: () => void;
  /** Wrapped by code under test that polyfills them at load (graceful-fs does, on every fresh load). */
  readonly #realCwd = process.cwd;
  readonly #realChdir = process.chdir;
  /** The clock in place of the real timers and clocks. */
  readonly #installed: InstalledClock;
  /** Taken last in the constructor: it changes `process`, which only `restore` puts back. */
  readonly #hooks: ProcessHooks;

  constructor(startMs: number, streams: ProcessStreams) {
    this.startMs = startMs;
    this.#random = streams.random;
    this.#bytes = streams.bytes;
    this.clock = loadFakeTimers().createClock(startMs, TIMER_LOOP_LIMIT);
    this.#installed = new InstalledClock(this.clock, startMs);
    const random = this.#random;
    Math.random = () => random.float();
    this.#restoreIdentity = assumeSimulatedIdentity();
    this.#hooks = new ProcessHooks();
  }

  randomFloat(): number {
    return this.#random.float();
  }

  randomBytes(count: number): Buffer {
    const bytes = Buffer.allocUnsafe(count);
    for (let i = 0; i < count; i++) bytes[i] = this.#bytes.int(256);
    return bytes;
  }

  /** Timers waiting to fire. */
  get pendingTimersCount(): number {
    return this.clock.countTimers();
  }

  /** Moves virtual time to the earliest timer and fires it (and any due at the same instant). */
  fireNextTimer(): void {
    this.clock.next();
  }

  restore(): void {
    this.#installed.uninstall();
    Math.random = this.#realMathRandom;
    this.#restoreIdentity();
    process.cwd = this.#realCwd;
    process.chdir = this.#realChdir;
    this.#hooks.restore();
  }
}

let fakeTimersModule: typeof import('@sinonjs/fake-timers') | undefined;
/**
 * @sinonjs/fake-timers is loaded when the first simulated process starts, not with this module, so
 * that importing the package (the CLI, the bundled scenarios) does not pay for it unless a
 * node:fs scenario actually runs.
 */
function loadFakeTimers(): typeof import('@sinonjs/fake-timers') {
  fakeTimersModule ??= createRequire(import.meta.url)('@sinonjs/fake-timers') as typeof import('@sinonjs/fake-timers');
  return fakeTimersModule;
}
