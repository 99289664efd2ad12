import { sometimes } from '../coverage/index.js';
import { FLATFS_MARKS } from './marks.js';
import { hasErrorCode } from '../fs/errors.js';
import { join } from '../fs/path.js';
import type { FileSystem } from '../fs/types.js';
import { Batch } from './batch.js';
import { emptyDirectory, makeDirectoryChain, syncDirectory, unlinkIfExists } from './durable-io.js';
import { FlatStoreCorruptError, InvalidOptionsError, ShardingInvalidError, ShardingMismatchError, ShardingMissingError } from './errors.js';
import { KeyOps } from './key-ops.js';
import { DATA_SUFFIX, isValidKey, validateKey } from './keys.js';
import { formatShardingFile, inspectShardingFile, parseShardSpec } from './shard.js';
import { decodeValue, encodeValue, valueSizeOf } from './value-format.js';
import { SHARDING_FILE_NAME, StoreContext, TEMP_DIR_NAME } from './store-context.js';
import type { FlatBatchApi, FlatStoreApi, FlatValue, QueryOptions } from './types.js';

/** Options of createFlatStore and openFlatStore. */
export interface FlatStoreOptions {
  /**
   * `prefix/N`, `suffix/N` or `next-to-last/N` (N from 1 to 7). createFlatStore records it in the
   * SHARDING file (default `next-to-last/2`); openFlatStore checks it against that file (default:
   * accept the file's). A mismatch is a ShardingMismatchError.
   */
  readonly shard?: string;
  /** Sync files and directories so that every resolved write is durable. Default true. */
  readonly sync?: boolean;
  /**
   * Distinguishes this instance's temp names, 1 to 16 of `a-z0-9`. Default: derived from how many
   * stores were opened on the same FileSystem object before, which is deterministic.
   */
  readonly nonce?: string;
}

export const DEFAULT_SHARD = 'next-to-last/2';

/** Instances opened per FileSystem object: the deterministic default nonce. */
const opensPerFileSystem = new WeakMap<object, number>();

function defaultNonce(fs: FileSystem): string {
  const count = opensPerFileSystem.get(fs) ?? 0;
  opensPerFileSystem.set(fs, count + 1);
  return `i${count.toString(36)}`;
}

function toBytes(value: FlatValue): Uint8Array {
  return typeof value === 'string' ? new TextEncoder().encode(value) : value;
}

/**
 * A key/value store keeping each value in its own file, `<root>/<shard>/<key>.data`, with the
 * shard directory chosen by the shard function recorded in `<root>/SHARDING`. Writes go through
 * temp files in `<root>/.temp/` and are renamed into place, so a reader (or a crash) never sees a
 * partial value; `.temp/` is emptied on open. One instance per root at a time: opening a root
 * empties its `.temp/`, which would break another live instance's batches.
 *
 * Unlike go-ds-flatfs, each value file ends with a checksum of the value and SHARDING carries
 * one of its line (value-format.ts, shard.ts): a flipped bit on the disk is reported as
 * FLATFS_CORRUPT instead of being served. go-ds-flatfs's one-line SHARDING is still read, but
 * its bare value files are not: this store's files are its own.
 */
export class FlatStore implements FlatStoreApi {
  protected readonly context: StoreContext;

  /** Use createFlatStore / openFlatStore; the constructor does no I/O. */
  constructor(context: StoreContext) {
    this.context = context;
  }

  get root(): string {
    return this.context.root;
  }

  get shard(): string {
    return this.context.shard.spec;
  }

  get sync(): boolean {
    return this.context.sync;
  }

  async put(key: string, value: FlatValue): Promise<void> {
    this.context.assertOpen('put');
    validateKey(key);
    const data = toBytes(value);
    const { fs } = this.context;
    await this.context.keyOps.run(key, async () => {
      await this.context.shardDirs.ensure([this.context.shard.dirOf(key)]);
      const tempPath = await this.context.writeTempFile('put', encodeValue(data));
      try {
        await fs.rename(tempPath, this.context.pathOf(key));
      } catch (error) {
        await unlinkIfExists(fs, tempPath).catch(() => false);
        throw error;
      }
      if (this.context.sync) await syncDirectory(fs, this.context.shardDirOf(key));
    });
  }

  async delete(key: string): Promise<void> {
    this.context.assertOpen('delete');
    validateKey(key);
    const { fs } = this.context;
    await this.context.keyOps.run(key, async () => {
      await unlinkIfExists(fs, this.context.pathOf(key));
      // Synced even when the file was already gone: its removal may be in the page cache only
      // (a process crash before the remover synced), and this delete promises durability.
      if (this.context.sync) await syncIfExists(fs, this.context.shardDirOf(key));
    });
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    this.context.assertOpen('get');
    validateKey(key);
    const path = this.context.pathOf(key);
    try {
      return decodeValue(path, await this.context.fs.readFile(path));
    } catch (error) {
      if (hasErrorCode(error, 'ENOENT')) return undefined;
      throw error;
    }
  }

  async has(key: string): Promise<boolean> {
    return (await this.getSize(key)) !== undefined;
  }

  async getSize(key: string): Promise<number | undefined> {
    this.context.assertOpen('getSize');
    validateKey(key);
    try {
      const path = this.context.pathOf(key);
      return valueSizeOf(path, (await this.context.fs.stat(path)).size);
    } catch (error) {
      if (hasErrorCode(error, 'ENOENT')) return undefined;
      throw error;
    }
  }

  async query(options: QueryOptions = {}): Promise<string[]> {
    this.context.assertOpen('query');
    const prefix = options.prefix ?? '';
    const { fs, root, shard } = this.context;
    // With prefix sharding, a key starting with `prefix` lives in a directory starting with it.
    const dirPrefix = shard.kind === 'prefix' ? prefix.slice(0, shard.length) : '';
    const keys: string[] = [];
    for (const dirName of await fs.readdir(root)) {
      if (dirName === TEMP_DIR_NAME || dirName === SHARDING_FILE_NAME || !dirName.startsWith(dirPrefix)) continue;
      let names: string[];
      try {
        names = await fs.readdir(join(root, dirName));
      } catch (error) {
        // Not a directory (a stray file), or removed meanwhile: holds no keys.
        if (hasErrorCode(error, 'ENOTDIR') || hasErrorCode(error, 'ENOENT')) continue;
        throw error;
      }
      for (const name of names) {
        if (!name.endsWith(DATA_SUFFIX)) continue;
        const key = name.slice(0, -DATA_SUFFIX.length);
        if (isValidKey(key) && key.startsWith(prefix) && shard.dirOf(key) === dirName) keys.push(key);
      }
    }
    return keys.sort();
  }

  batch(): FlatBatchApi {
    this.context.assertOpen('batch');
    return this.createBatch();
  }

  async close(): Promise<void> {
    this.context.close();
  }

  /** Seam for test/mutants/flatfs: the batch implementation. */
  protected createBatch(): FlatBatchApi {
    return new Batch(this.context, this);
  }

  /**
   * Empties `.temp/` (creating it if missing): whatever is there was left by a crash or an
   * interrupted batch, and never belongs to the store's contents. Not synced: if the removal is
   * lost in a crash, the next open removes the leftovers again. Seam for test/mutants/flatfs.
   */
  protected async removeLeftoverTemp(): Promise<void> {
    const { fs, tempDir } = this.context;
    try {
      await fs.mkdir(tempDir);
    } catch (error) {
      if (!hasErrorCode(error, 'EEXIST')) throw error;
      sometimes((await emptyDirectory(fs, tempDir)) > 0, FLATFS_MARKS.tempLeftovers);
    }
  }

  /**
   * Opens the store at `root` as an instance of `Class` (FlatStore or a subclass). Users call
   * createFlatStore / openFlatStore; subclasses (mutants) call this.
   */
  static async openAs<S extends FlatStore>(
    Class: new (context: StoreContext) => S,
    fs: FileSystem,
    root: string,
    options: FlatStoreOptions,
    mode: 'create' | 'open',
  ): Promise<S> {
    const sync = options.sync ?? true;
    const nonce = options.nonce ?? defaultNonce(fs);
    if (!/^[a-z0-9]{1,16}$/.test(nonce)) {
      throw new InvalidOptionsError(`FlatStore: nonce must be 1 to 16 of a-z0-9, got ${JSON.stringify(nonce)}`);
    }
    const asked = options.shard === undefined ? null : parseShardSpec(options.shard);
    if (mode === 'create') await makeDirectoryChain(fs, root, sync);

    const found = await readShardSpec(fs, root);
    if (found === null && mode === 'open') throw new ShardingMissingError(root);
    if (found !== null && asked !== null && found !== asked.spec) throw new ShardingMismatchError(root, asked.spec, found);
    const shard = found !== null ? parseShardSpec(found) : (asked ?? parseShardSpec(DEFAULT_SHARD));

    const store = new Class(new StoreContext(fs, root, shard, sync, nonce, new KeyOps()));
    await store.removeLeftoverTemp();
    if (found === null) {
      // Written through .temp and renamed, so SHARDING is either absent or complete.
      const tempPath = await store.context.writeTempFile('sharding', new TextEncoder().encode(formatShardingFile(shard)));
      await fs.rename(tempPath, join(root, SHARDING_FILE_NAME));
    }
    // One root sync makes SHARDING, .temp and every shard directory visible now durable: after a
    // process crash, directories created but never synced are visible yet could still be lost,
    // and ShardDirs treats existing directories as durable.
    if (sync) await syncDirectory(fs, root);
    return store;
  }
}

/** The shard spec recorded at `root`, or null when there is no SHARDING file. */
async function readShardSpec(fs: FileSystem, root: string): Promise<string | null> {
  let content: string;
  try {
    content = new TextDecoder().decode(await fs.readFile(join(root, SHARDING_FILE_NAME)));
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return null;
    throw error;
  }
  const inspected = inspectShardingFile(content);
  if (inspected.kind === 'corrupt') throw new FlatStoreCorruptError(join(root, SHARDING_FILE_NAME), inspected.detail);
  if (inspected.kind === 'invalid') throw new ShardingInvalidError(root, content);
  return inspected.spec;
}

async function syncIfExists(fs: FileSystem, dir: string): Promise<void> {
  try {
    await syncDirectory(fs, dir);
  } catch (error) {
    if (!hasErrorCode(error, 'ENOENT')) throw error;
  }
}

/**
 * Creates a FlatStore at `root` (creating the directory chain), or opens the one already there.
 * Finishes a creation a crash interrupted. A recorded shard function other than `options.shard`
 * is a ShardingMismatchError.
 */
export function createFlatStore(fs: FileSystem, root: string, options: FlatStoreOptions = {}): Promise<FlatStore> {
  return FlatStore.openAs(FlatStore, fs, root, options, 'create');
}

/** Opens the FlatStore at `root`; ShardingMissingError when there is none. Empties `.temp/`. */
export function openFlatStore(fs: FileSystem, root: string, options: FlatStoreOptions = {}): Promise<FlatStore> {
  return FlatStore.openAs(FlatStore, fs, root, options, 'open');
}
