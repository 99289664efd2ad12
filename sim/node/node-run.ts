import { createRequire } from 'node:module';
import type { SimFs } from '../disk/index.js';
import { RngStreams, assertSeed } from '../rng.js';
import type { ActiveRun } from './active-run.js';
import { activeRun, setActiveRun } from './active-run.js';
import { DeterministicProcess, virtualStartMs } from './deterministic-process.js';
import type { ProcessStreams } from './deterministic-process.js';
import { FdTable } from './fd-table.js';
import { defaultParentUrl, importFresh } from './fresh-modules.js';
import { isInterpositionInstalled } from './install.js';
import { nodeFsError, outsideRootError, unsupportedCallError } from './node-errors.js';
import { settle } from './settle.js';

/** A call during a run that did not reach any disk: outside the root, unsupported, or after the run ended. */
export interface InterpositionViolation {
  readonly kind: 'outside-root' | 'unsupported' | 'after-run';
  /** The fs function, e.g. `writeFileSync`, `promises.open`, `FileHandle.readableWebStream`. */
  readonly call: string;
  readonly path: string;
  readonly message: string;
  /** Where code under test made the call (frames of the interposition layer left out). */
  readonly stack: string;
}

export interface NodeRunOptions {
  /** The simulated disk the run starts on. */
  readonly disk: SimFs;
  /** The simulated root: an absolute path other than `/`. Calls below it (and on its ancestors) go to the disk. */
  readonly root: string;
  /** Seeds the process of code under test: random values, virtual time, temp names. */
  readonly seed: number;
  /**
   * Event-loop turns in a row with nothing to do (no timer pending, no disk call made) before
   * `execute` gives up and rejects with NodeRunStalledError. Default 10000.
   */
  readonly stallTurnsMax?: number;
}

const require = createRequire(import.meta.url);
/** Fresh-module generations are process-wide: every run's modules are a graph of their own. */
let generationCounter = 0;

/**
 * One run of code under test on a simulated disk: while `execute` runs, Node's fs calls under the
 * root go to the disk, calls elsewhere are blocked (module loading aside), and the process is
 * deterministic (see DeterministicProcess). Runs in one process are sequential.
 */
export class NodeRun implements ActiveRun {
  #disk: SimFs;
  readonly fds = new FdTable();
  readonly root: string;
  /** The process's random streams: they continue from one `execute` to the next. */
  readonly #streams: ProcessStreams;
  readonly #stallTurnsMax: number;
  readonly #generation = ++generationCounter;
  readonly #violations: InterpositionViolation[] = [];
  #simulatedCallsCount = 0;
  #process: DeterministicProcess | null = null;
  /** Virtual time when the next `execute` starts (it continues where the last one stopped). */
  #nowMs: number;
  #finished = false;
  #loadsInFlight = 0;

  constructor(options: NodeRunOptions) {
    const root = typeof options.root === 'string' ? options.root.replace(/\/+$/, '') : '';
    if (!root.startsWith('/') || root.includes('\0')) {
      throw new RangeError(`NodeRun: root must be an absolute path other than /, got ${JSON.stringify(options.root)}`);
    }
    assertSeed(options.seed, 'NodeRun');
    const stallTurnsMax = options.stallTurnsMax ?? 10_000;
    if (!Number.isSafeInteger(stallTurnsMax) || stallTurnsMax < 1) {
      throw new RangeError(`NodeRun: stallTurnsMax must be a positive integer, got ${String(options.stallTurnsMax)}`);
    }
    this.#disk = options.disk;
    this.root = root;
    this.#stallTurnsMax = stallTurnsMax;
    const streams = new RngStreams(options.seed);
    this.#streams = { random: streams.stream('process-random'), bytes: streams.stream('process-bytes') };
    this.#nowMs = virtualStartMs(streams);
  }

  get disk(): SimFs {
    return this.#disk;
  }

  /** Moves the run to another disk (the post-crash one, for recovery). Open fds stay on the disk they were opened on. */
  useDisk(disk: SimFs): void {
    this.#disk = disk;
  }

  /** Calls that reached the simulated disk so far; 0 after a run means the code never touched it. */
  get simulatedCallsCount(): number {
    return this.#simulatedCallsCount;
  }

  /** Calls blocked or refused so far, in order. */
  get violations(): readonly InterpositionViolation[] {
    return this.#violations;
  }

  /** True once an `execute` has ended, until another run starts: late writes under the root are refused. */
  get finished(): boolean {
    return this.#finished && activeRun() === this;
  }

  get statTimeMs(): number {
    return this.#process?.startMs ?? this.#nowMs;
  }

  /**
   * Runs `body` with this run active: the interposed fs reaches the disk, the process is
   * deterministic, and virtual time moves on whenever everything waits for a timer. Resolves
   * (or rejects) as `body` does; everything is restored before it settles. May be called again
   * (recovery after a crash, say): virtual time and the random streams continue.
   */
  async execute<T>(body: () => Promise<T>): Promise<T> {
    if (!isInterpositionInstalled()) {
      throw new Error('NodeRun.execute: call installInterposition() first, before the code under test is imported');
    }
    const current = activeRun();
    if (current !== undefined && current !== this && !current.finished) throw new Error('NodeRun.execute: another run is active; runs must be sequential');
    setActiveRun(this);
    this.#finished = false;
    const cacheBefore = new Set(Object.keys(require.cache));
    let fakes: DeterministicProcess | null = null;
    try {
      fakes = new DeterministicProcess(this.#nowMs, this.#streams);
      this.#process = fakes;
      return await settle(body(), {
        fakes,
        stallTurnsMax: this.#stallTurnsMax,
        progress: () => this.#simulatedCallsCount + this.#disk.trace.count,
        loading: () => this.#loadsInFlight > 0,
      });
    } finally {
      if (fakes !== null) {
        this.#nowMs = fakes.clock.now;
        fakes.restore();
      }
      this.#process = null;
      this.#finished = true;
      for (const key of Object.keys(require.cache)) if (!cacheBefore.has(key)) delete require.cache[key];
    }
  }

  /**
   * Imports a module afresh for this run (ESM and CommonJS, its node_modules included), so no
   * module-level state survives from another run. `specifier` is a path, a file URL or a package
   * name, resolved from `parentUrl` (default: the working directory). Call it inside `execute`.
   */
  async loadFresh<T = unknown>(specifier: string, parentUrl: string = defaultParentUrl()): Promise<T> {
    if (activeRun() !== this || this.#finished) throw new Error('NodeRun.loadFresh: call it inside execute()');
    this.#loadsInFlight++;
    try {
      return (await importFresh(specifier, parentUrl, this.#generation)) as T;
    } finally {
      this.#loadsInFlight--;
    }
  }

  // ---- ActiveRun: what the interposed functions ask of the run -------------------------------

  noteSimulatedCall(): void {
    this.#simulatedCallsCount++;
  }

  blockOutsideRoot(call: string, path: string, stack: string): Error {
    if (this.#finished) {
      const error = nodeFsError('EACCES', `crashsim: the run on ${this.root} has ended; late writes from code under test reach no disk`, call, path);
      this.#violations.push({ kind: 'after-run', call, path, message: error.message, stack });
      return error;
    }
    const error = outsideRootError(call, path, this.root);
    this.#violations.push({ kind: 'outside-root', call, path, message: error.message, stack });
    return error;
  }

  refuseUnsupported(call: string, path: string, why: string, stack: string): Error {
    const error = unsupportedCallError(call, path, why);
    this.#violations.push({ kind: 'unsupported', call, path, message: error.message, stack });
    return error;
  }

  randomBytes(count: number): Buffer {
    return this.#fakes('randomBytes').randomBytes(count);
  }

  randomFloat(): number {
    return this.#fakes('randomFloat').randomFloat();
  }

  #fakes(call: string): DeterministicProcess {
    if (this.#process === null) throw new Error(`crashsim: ${call} outside NodeRun.execute`);
    return this.#process;
  }
}

/** Runs `body` in a fresh NodeRun (see NodeRun.execute) and returns its result with the run. */
export async function withSimulatedFs<T>(options: NodeRunOptions, body: (run: NodeRun) => Promise<T>): Promise<T> {
  const run = new NodeRun(options);
  return run.execute(() => body(run));
}
