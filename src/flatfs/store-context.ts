import { hasErrorCode } from '../fs/errors.js';
import { join } from '../fs/path.js';
import type { FileSystem } from '../fs/types.js';
import { syncDirectory, unlinkIfExists, writeNewFile } from './durable-io.js';
import { StoreClosedError } from './errors.js';
import type { KeyOps } from './key-ops.js';
import { DATA_SUFFIX } from './keys.js';
import type { ShardFunction } from './shard.js';

/**
 * What a FlatStore and its batches share: the disk, the layout of the root, the per-key
 * serialization, the shard directories known to be durable, and the counters that make temp names
 * unique. Internal: exported for Batch and for the mutants in test/mutants/flatfs.
 */

/** Name of the directory holding every temp file and batch directory; emptied on open. */
export const TEMP_DIR_NAME = '.temp';
/** Name of the file recording the shard function. */
export const SHARDING_FILE_NAME = 'SHARDING';

/** Attempts at finding a free temp name before giving up (names only clash across instances). */
const TEMP_NAME_ATTEMPTS_MAX = 64;

export class StoreContext {
  readonly fs: FileSystem;
  readonly root: string;
  readonly tempDir: string;
  readonly shard: ShardFunction;
  readonly sync: boolean;
  /** Distinguishes this instance's temp names from another instance's on the same disk. */
  readonly nonce: string;
  readonly keyOps: KeyOps;
  readonly shardDirs: ShardDirs;
  #tempCounter = 0;
  #closed = false;

  constructor(fs: FileSystem, root: string, shard: ShardFunction, sync: boolean, nonce: string, keyOps: KeyOps) {
    this.fs = fs;
    this.root = root;
    this.tempDir = join(root, TEMP_DIR_NAME);
    this.shard = shard;
    this.sync = sync;
    this.nonce = nonce;
    this.keyOps = keyOps;
    this.shardDirs = new ShardDirs(fs, root, sync);
  }

  shardDirOf(key: string): string {
    return join(this.root, this.shard.dirOf(key));
  }

  pathOf(key: string): string {
    return join(this.root, this.shard.dirOf(key), key + DATA_SUFFIX);
  }

  close(): void {
    this.#closed = true;
  }

  assertOpen(action: string): void {
    if (this.#closed) throw new StoreClosedError(action);
  }

  /** A temp path `<dir>/<kind>-<nonce>-<n>`, never used before by this instance. */
  nextTempPath(kind: string, dir = this.tempDir): string {
    return join(dir, `${kind}-${this.nonce}-${this.#tempCounter++}`);
  }

  /**
   * Writes `data` to a fresh temp file under `dir` (synced when the store syncs) and returns its
   * path. A name clash (EEXIST) moves on to the next name; on any other failure the partial file
   * is removed.
   */
  async writeTempFile(kind: string, data: Uint8Array, dir = this.tempDir): Promise<string> {
    for (let attempt = 0; attempt < TEMP_NAME_ATTEMPTS_MAX; attempt++) {
      const path = this.nextTempPath(kind, dir);
      try {
        await writeNewFile(this.fs, path, data, this.sync);
        return path;
      } catch (error) {
        if (hasErrorCode(error, 'EEXIST')) continue;
        await unlinkIfExists(this.fs, path).catch(() => false);
        throw error;
      }
    }
    throw new Error(`FlatStore: no free temp name in ${dir} after ${TEMP_NAME_ATTEMPTS_MAX} attempts; is another instance using nonce '${this.nonce}'?`);
  }

  /** Creates a fresh directory `<tempDir>/<kind>-<nonce>-<n>` and returns its path. Not durable. */
  async makeTempDirectory(kind: string): Promise<string> {
    for (let attempt = 0; attempt < TEMP_NAME_ATTEMPTS_MAX; attempt++) {
      const path = this.nextTempPath(kind);
      try {
        await this.fs.mkdir(path);
        return path;
      } catch (error) {
        if (!hasErrorCode(error, 'EEXIST')) throw error;
      }
    }
    throw new Error(`FlatStore: no free temp directory name in ${this.tempDir} after ${TEMP_NAME_ATTEMPTS_MAX} attempts`);
  }
}

/**
 * Shard directories whose names are durable. A directory is created at most once per instance;
 * every creation is followed by one root sync (shared by all directories created together) before
 * anything is renamed into it, because a file in a directory whose own name is not durable is lost
 * with it. Directories that already existed at open were made durable by the root sync done there.
 */
export class ShardDirs {
  readonly #fs: FileSystem;
  readonly #root: string;
  readonly #sync: boolean;
  readonly #ready = new Map<string, Promise<void>>();
  /**
   * Directories this instance created whose root sync has not succeeded yet. A retry after a
   * failed sync finds them existing (EEXIST) and must still sync: visible is not durable, and a
   * crash would drop the directory with every file later renamed into it.
   */
  readonly #notDurable = new Set<string>();

  constructor(fs: FileSystem, root: string, sync: boolean) {
    this.#fs = fs;
    this.#root = root;
    this.#sync = sync;
  }

  /** Resolves once every named shard directory exists (and, with sync, is durable). */
  async ensure(names: Iterable<string>): Promise<void> {
    const waits: Promise<void>[] = [];
    const fresh: string[] = [];
    for (const name of new Set(names)) {
      const ready = this.#ready.get(name);
      if (ready === undefined) fresh.push(name);
      else waits.push(ready);
    }
    if (fresh.length > 0) {
      const created = this.#create(fresh);
      for (const name of fresh) this.#ready.set(name, created);
      // Forget a failed creation so that the next caller tries again.
      created.catch(() => {
        for (const name of fresh) if (this.#ready.get(name) === created) this.#ready.delete(name);
      });
      waits.push(created);
    }
    await Promise.all(waits);
  }

  async #create(names: readonly string[]): Promise<void> {
    let needsSync = false;
    for (const name of names) {
      try {
        await this.#fs.mkdir(join(this.#root, name));
        this.#notDurable.add(name);
        needsSync = true;
      } catch (error) {
        if (!hasErrorCode(error, 'EEXIST')) throw error;
        if (this.#notDurable.has(name)) needsSync = true;
      }
    }
    if (!needsSync || !this.#sync) return;
    await syncDirectory(this.#fs, this.#root);
    for (const name of names) this.#notDurable.delete(name);
  }
}
