import { EventEmitter } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import type { ReadStream, WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Interface } from 'node:readline';
import type { ActiveRun } from './active-run.js';
import type { FdEntry } from './fd-table.js';
import { UnsupportedCase } from './node-errors.js';
import { booleanOption, bufferList, dataBytes, decoded, encodingOf, integerOr, optionsOf, positionOf, readRequest, refuseOption, writeRequest } from './node-args.js';
import { closeFd, entryOf, fdatasyncFd, fstatFd, fsyncFd, ftruncateFd, readFd, readRestFd, readvFd, writeAllFd, writeFd, writevFd } from './ops-fd.js';
import { SIMULATED_HANDLE } from './routing.js';
import { nodeStats } from './stats.js';
import { runAsync } from './steps.js';
import type { Steps } from './steps.js';

/**
 * What `fs.promises.open` resolves to for a simulated path: Node's FileHandle methods, each one
 * (or, for readFile and writeFile, a sequence of) disk steps. Its `fd` is a simulated fd, so the
 * callback and sync calls accept it too. Emits 'close' like Node's.
 */
export class SimulatedFileHandle extends EventEmitter {
  readonly [SIMULATED_HANDLE] = true;
  readonly #run: ActiveRun;
  readonly #fd: number;
  /** Reports a failure as the facade does (unsupported cases are recorded by name). */
  readonly #fail: (error: unknown, call: string) => unknown;

  constructor(run: ActiveRun, entry: FdEntry, fail: (error: unknown, call: string) => unknown) {
    super();
    this.#run = run;
    this.#fd = entry.fd;
    this.#fail = fail;
  }

  /** The simulated fd; -1 once closed, as Node's. */
  get fd(): number {
    return this.#run.fds.get(this.#fd) === undefined ? -1 : this.#fd;
  }

  async #steps<T>(call: string, build: (entry: FdEntry) => Steps<T>): Promise<T> {
    this.#run.noteSimulatedCall();
    try {
      return await runAsync(build(entryOf(this.#run, this.#fd, call)));
    } catch (error) {
      throw this.#fail(error, `FileHandle.${call}`);
    }
  }

  read(...args: unknown[]): Promise<{ bytesRead: number; buffer: Uint8Array }> {
    return this.#steps('read', function* (entry) {
      const request = readRequest(args);
      const bytesRead = yield* readFd(entry, request.buffer, request.offset, request.length, request.position);
      return { bytesRead, buffer: request.buffer };
    });
  }

  write(...args: unknown[]): Promise<{ bytesWritten: number; buffer: unknown }> {
    return this.#steps('write', function* (entry) {
      const request = writeRequest(args);
      const bytesWritten = yield* writeFd(entry, request.bytes, request.offset, request.length, request.position);
      return { bytesWritten, buffer: request.source };
    });
  }

  writev(buffers: unknown, position?: unknown): Promise<{ bytesWritten: number; buffers: unknown }> {
    return this.#steps('writev', function* (entry) {
      return { bytesWritten: yield* writevFd(entry, bufferList(buffers), positionOf(position)), buffers };
    });
  }

  readv(buffers: unknown, position?: unknown): Promise<{ bytesRead: number; buffers: unknown }> {
    return this.#steps('readv', function* (entry) {
      return { bytesRead: yield* readvFd(entry, bufferList(buffers), positionOf(position)), buffers };
    });
  }

  readFile(options?: unknown): Promise<Buffer | string> {
    return this.#steps('readFile', function* (entry) {
      return decoded(yield* readRestFd(entry), encodingOf(optionsOf(options)));
    });
  }

  writeFile(data: unknown, options?: unknown): Promise<void> {
    return this.#steps('writeFile', function* (entry) {
      const parsed = optionsOf(options);
      yield* writeAllFd(entry, dataBytes(data, encodingOf(parsed)));
      if (booleanOption(parsed, 'flush')) yield* fsyncFd(entry);
    });
  }

  appendFile(data: unknown, options?: unknown): Promise<void> {
    return this.writeFile(data, options);
  }

  stat(options?: unknown): Promise<unknown> {
    const run = this.#run;
    return this.#steps('stat', function* (entry) {
      refuseOption(optionsOf(options), 'bigint', 'the simulated disk reports number stats only');
      return nodeStats(yield* fstatFd(entry), run.statTimeMs);
    });
  }

  sync(): Promise<void> {
    return this.#steps('sync', (entry) => fsyncFd(entry));
  }

  datasync(): Promise<void> {
    return this.#steps('datasync', (entry) => fdatasyncFd(entry));
  }

  truncate(length?: unknown): Promise<void> {
    return this.#steps('truncate', (entry) => ftruncateFd(entry, integerOr(length, 0, 'len')));
  }

  /** The disk keeps no modes, owners or times: these look the file up (a step) and change nothing. */
  chmod(): Promise<void> {
    return this.#touch('chmod');
  }

  chown(): Promise<void> {
    return this.#touch('chown');
  }

  utimes(): Promise<void> {
    return this.#touch('utimes');
  }

  #touch(call: string): Promise<void> {
    return this.#steps(call, function* (entry) {
      yield* fstatFd(entry);
    });
  }

  async close(): Promise<void> {
    if (this.#run.fds.get(this.#fd) === undefined) return;
    const run = this.#run;
    const fd = this.#fd;
    await this.#steps('close', () => closeFd(run, fd));
    this.emit('close');
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  createReadStream(options?: unknown): ReadStream {
    return createReadStream('', { ...optionsOf(options), fd: this.fd });
  }

  createWriteStream(options?: unknown): WriteStream {
    return createWriteStream('', { ...optionsOf(options), fd: this.fd });
  }

  readLines(options?: unknown): Interface {
    return createInterface({ input: this.createReadStream(options), crlfDelay: Infinity });
  }

  readableWebStream(): never {
    throw this.#fail(new UnsupportedCase('web streams are not served'), 'FileHandle.readableWebStream');
  }
}
