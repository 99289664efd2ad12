import type { FileHandle, FileStats, FileSystem, MkdirOptions, OpenFlags, ReadResult, WriteFileOptions, WriteResult } from '../../src/fs/types.js';

/**
 * A FileSystem that lets one call at a time reach the disk below and numbers the calls the way
 * the simulator numbers its steps (every contract call and every handle call is one step), so a
 * real run can be stopped "just before step N" and its history stamped in the simulator's units.
 *
 * Limits, stated plainly: serializing makes the interleaving of concurrent clients a function of
 * the order in which the JavaScript event loop queues their calls, which is repeatable on one
 * Node version and one workload, but it is NOT the simulator's seeded schedule. With one client
 * the call sequence is the simulator's (unless the code's calls depend on readdir order, which a
 * real disk does not shuffle); with several, the same step number may fall in a different
 * operation. Serializing also removes any real overlap of I/O, which is what makes the step
 * numbers meaningful at all.
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
}

const NEVER: Promise<never> = new Promise<never>(() => undefined);

/** The queue and the counters; shared by the filesystem and every handle it opened. */
class StepQueue {
  readonly #beforeCall: ((call: SerializedCall) => 'go' | 'halt') | undefined;
  #tail: Promise<unknown> = Promise.resolve();
  #started: number;
  #completed: number;

  constructor(options: SerializedFsOptions) {
    this.#started = options.firstStep ?? 0;
    this.#completed = this.#started;
    this.#beforeCall = options.beforeCall;
  }

  get completed(): number {
    return this.#completed;
  }

  run<T>(call: string, path: string, effect: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(async () => {
      const step = this.#started++;
      if (this.#beforeCall?.({ step, call, path }) === 'halt') return NEVER;
      try {
        return await effect();
      } finally {
        this.#completed++;
      }
    });
    // The next call waits for this one to settle, whatever its outcome.
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
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
