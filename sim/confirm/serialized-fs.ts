import type { FileHandle, FileStats, FileSystem, MkdirOptions, OpenFlags, ReadResult, WriteFileOptions, WriteResult } from '../../src/fs/types.js';

/**
 * A FileSystem that lets one call at a time reach the disk below and numbers the calls the way
 * the simulator numbers its steps (every contract call and every handle call is one step), so a
 * real run can be stopped "just before step N" and its history stamped in the simulator's units.
 *
 * The interleaving of concurrent clients: with `follow`, waiting calls are let through in the
 * simulator's order (the client of each step, recorded by the scheduler), so the same step
 * number falls in the same operation of the same client, as long as the real run takes the same
 * path (it may not: a real disk does not shuffle readdir, for one); when it does not, the queue
 * says so (`diverged`) and lets calls through in arrival order. Without `follow`, arrival order
 * only: with one client that is the simulator's sequence, with several it is not. Serializing
 * also removes any real overlap of I/O, which is what makes the step numbers meaningful at all.
 */

/** One call, announced before it reaches the disk. */
export interface SerializedCall {
  /** Its step number: `firstStep` plus the calls made before it. */
  readonly step: number;
  /** `open`, `rename`, `handle.sync`... as in the simulator's trace. */
  readonly call: string;
  readonly path: string;
}

export interface SerializedFsOptions {
  /** The step number of the first call (the simulator's step count once the root exists). Default 0. */
  readonly firstStep?: number;
  /**
   * Called before each call reaches the disk, while no other call is in flight. Returning `'halt'`
   * holds the call forever (the process is about to die), so nothing after it happens.
   */
  readonly beforeCall?: (call: SerializedCall) => 'go' | 'halt';
  /**
   * Follow the simulator's interleaving: `clients[i]` is the client whose call was step
   * `firstStep + i` in the simulation (Scheduler.schedule), and `clientOf()` names the client
   * making a call now. Waiting calls are let through in that order; when the expected client
   * makes no call once everything runnable has run, the run has diverged from the simulation
   * (see `diverged`) and calls go through in arrival order from then on.
   */
  readonly follow?: { readonly clients: readonly number[]; readonly clientOf: () => number };
}

interface WaitingCall {
  readonly client: number;
  readonly start: () => void;
}

/** The queue and the counters; shared by the filesystem and every handle it opened. */
class StepQueue {
  readonly #beforeCall: ((call: SerializedCall) => 'go' | 'halt') | undefined;
  readonly #follow: SerializedFsOptions['follow'];
  readonly #firstStep: number;
  readonly #waiting: WaitingCall[] = [];
  #busy = false;
  #quiescenceCheckQueued = false;
  #diverged = false;
  #started: number;
  #completed: number;

  constructor(options: SerializedFsOptions) {
    this.#firstStep = options.firstStep ?? 0;
    this.#started = this.#firstStep;
    this.#completed = this.#started;
    this.#beforeCall = options.beforeCall;
    this.#follow = options.follow;
  }

  get completed(): number {
    return this.#completed;
  }

  get diverged(): boolean {
    return this.#diverged;
  }

  run<T>(call: string, path: string, effect: () => Promise<T>): Promise<T> {
    const client = this.#follow?.clientOf() ?? -1;
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({
        client,
        start: () => {
          const step = this.#started++;
          // Halted: the call never settles and the queue stays busy, so nothing after it happens.
          if (this.#beforeCall?.({ step, call, path }) === 'halt') return;
          // The count moves before the caller resumes, so its history stamps see this step done.
          effect().then(
            (value) => this.#finish(() => resolve(value)),
            (error: unknown) => this.#finish(() => reject(error)),
          );
        },
      });
      this.#pump();
    });
  }

  #finish(settle: () => void): void {
    this.#completed++;
    this.#busy = false;
    settle();
    this.#pump();
  }

  #pump(): void {
    if (this.#busy || this.#waiting.length === 0) return;
    const index = this.#nextIndex();
    if (index === undefined) {
      this.#checkAtQuiescence();
      return;
    }
    const [next] = this.#waiting.splice(index, 1);
    this.#busy = true;
    next?.start();
  }

  /** Which waiting call goes next; undefined while the client the schedule expects has none. */
  #nextIndex(): number | undefined {
    if (this.#follow === undefined || this.#diverged) return 0;
    const expected = this.#follow.clients[this.#started - this.#firstStep];
    // Past the recorded schedule (the simulation ended there): arrival order.
    if (expected === undefined) return 0;
    const index = this.#waiting.findIndex((waiting) => waiting.client === expected);
    return index === -1 ? undefined : index;
  }

  /**
   * Nothing is in flight, so once the event loop turns (a real timer: this is the real disk, not
   * a simulated path) every client that can reach a call has reached it. If the expected client
   * still has none, the real run went another way: arrival order from then on.
   */
  #checkAtQuiescence(): void {
    if (this.#quiescenceCheckQueued) return;
    this.#quiescenceCheckQueued = true;
    setImmediate(() => {
      this.#quiescenceCheckQueued = false;
      if (!this.#busy && this.#waiting.length > 0 && this.#nextIndex() === undefined) this.#diverged = true;
      this.#pump();
    });
  }
}

export class SerializedFs implements FileSystem {
  readonly #inner: FileSystem;
  readonly #queue: StepQueue;

  constructor(inner: FileSystem, options: SerializedFsOptions = {}) {
    const first = options.firstStep ?? 0;
    if (!Number.isSafeInteger(first) || first < 0) throw new RangeError(`SerializedFs: firstStep must be a non-negative integer, got ${String(first)}`);
    this.#inner = inner;
    this.#queue = new StepQueue(options);
  }

  /**
   * Steps completed so far, counted from `firstStep`: what the simulator's trace count would be
   * now. Histories stamp invocations and completions with it.
   */
  get stepsCompleted(): number {
    return this.#queue.completed;
  }

  /** With `follow`: whether the run stopped following the simulator's interleaving. */
  get diverged(): boolean {
    return this.#queue.diverged;
  }

  async open(path: string, flags?: OpenFlags): Promise<FileHandle> {
    const handle = await this.#queue.run('open', path, () => this.#inner.open(path, flags));
    return new SerializedHandle(handle, this.#queue, path);
  }

  rename(oldPath: string, newPath: string): Promise<void> {
    return this.#queue.run('rename', oldPath, () => this.#inner.rename(oldPath, newPath));
  }

  link(existingPath: string, newPath: string): Promise<void> {
    return this.#queue.run('link', existingPath, () => this.#inner.link(existingPath, newPath));
  }

  unlink(path: string): Promise<void> {
    return this.#queue.run('unlink', path, () => this.#inner.unlink(path));
  }

  mkdir(path: string, options?: MkdirOptions): Promise<string | undefined> {
    return this.#queue.run('mkdir', path, () => this.#inner.mkdir(path, options));
  }

  rmdir(path: string): Promise<void> {
    return this.#queue.run('rmdir', path, () => this.#inner.rmdir(path));
  }

  readdir(path: string): Promise<string[]> {
    return this.#queue.run('readdir', path, () => this.#inner.readdir(path));
  }

  stat(path: string): Promise<FileStats> {
    return this.#queue.run('stat', path, () => this.#inner.stat(path));
  }

  readFile(path: string): Promise<Uint8Array> {
    return this.#queue.run('readFile', path, () => this.#inner.readFile(path));
  }

  writeFile(path: string, data: Uint8Array | string, options?: WriteFileOptions): Promise<void> {
    return this.#queue.run('writeFile', path, () => this.#inner.writeFile(path, data, options));
  }
}

class SerializedHandle implements FileHandle {
  readonly #inner: FileHandle;
  readonly #queue: StepQueue;
  readonly #path: string;

  constructor(inner: FileHandle, queue: StepQueue, path: string) {
    this.#inner = inner;
    this.#queue = queue;
    this.#path = path;
  }

  read(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<ReadResult> {
    return this.#queue.run('handle.read', this.#path, () => this.#inner.read(buffer, offset, length, position));
  }

  write(buffer: Uint8Array, offset?: number, length?: number, position?: number | null): Promise<WriteResult> {
    return this.#queue.run('handle.write', this.#path, () => this.#inner.write(buffer, offset, length, position));
  }

  truncate(len?: number): Promise<void> {
    return this.#queue.run('handle.truncate', this.#path, () => this.#inner.truncate(len));
  }

  sync(): Promise<void> {
    return this.#queue.run('handle.sync', this.#path, () => this.#inner.sync());
  }

  datasync(): Promise<void> {
    return this.#queue.run('handle.datasync', this.#path, () => this.#inner.datasync());
  }

  stat(): Promise<FileStats> {
    return this.#queue.run('handle.stat', this.#path, () => this.#inner.stat());
  }

  close(): Promise<void> {
    return this.#queue.run('handle.close', this.#path, () => this.#inner.close());
  }
}
