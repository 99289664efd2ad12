import { reachable } from '../coverage/index.js';
import { BLOB_MARKS } from './marks.js';
import { hasErrorCode, withoutStack } from '../fs/errors.js';
import { childPath } from '../fs/path.js';
import { BoundedMemo } from '../support/bounded-memo.js';
import type { FileHandle, FileSystem } from '../fs/types.js';
import { AlreadyExistsError, NotFoundError, RangeOutOfBoundsError, StoreClosedError } from './errors.js';
import { closeQuietly, readAt, syncDirectory, writeAll } from '../fs/durable.js';
import { isMissing, unlinkQuietly } from './file-io.js';
import { HEADER_SIZE_BYTES, decodeHeader, encodeBlob, verifyChecksum } from './format.js';
import { crc32 } from '../checksum/crc32.js';
import { TEMP_PREFIX, isBlobName, isTempName, prefixDirsFor, validateKey, validatePrefix } from './keys.js';
import type { ResolvedBlobStoreOptions } from './options.js';
import type { BlobStore, PutOptions } from './types.js';

/** Which publication step a temp file is written for. */
export type PublishPurpose = 'replace' | 'no-replace';

/** Collisions on a temp name are retried with the next name this many times, then reported. */
const TEMP_ATTEMPTS_MAX = 64;
/** getRange verifies a blob by streaming it in chunks of this size. */
const VERIFY_CHUNK_BYTES = 64 * 1024;
/** Keys whose directory and path a store remembers (see #locationOf). */
const LOCATIONS_CACHED_MAX = 1024;

/**
 * The blob store over a FileSystem.
 *
 * Publication protocol (every put): write header and data into a fresh temp sibling created with
 * O_EXCL, sync it, close it, then make it visible in one atomic name operation (rename for put,
 * link for putIfAbsent, which fails with EEXIST instead of replacing), then sync the directory so
 * that the name is durable before the call resolves. A crash at any point leaves either the old
 * blob or the new one under the name, plus at most a temp file that the next open sweeps.
 *
 * The protected methods are the steps of that protocol; test/mutants overrides them one at a time
 * to build deliberately broken stores. Users only ever see the BlobStore interface.
 */
export class FileBlobStore implements BlobStore {
  protected readonly fs: FileSystem;
  protected readonly root: string;
  protected readonly options: ResolvedBlobStoreOptions;
  /** Distinguishes this instance's temp names from other instances' on the same root. */
  readonly #nonce: string;
  #tempCounter = 0;
  #closed = false;
  /**
   * Hash-prefix directories this instance has made durable (created or found, then their parent
   * synced). A concurrent put that merely finds a directory another put just created must not
   * acknowledge before that directory's own entry is durable, so it waits on the same promise.
   */
  readonly #durableDirs = new Map<string, Promise<void>>();

  constructor(fs: FileSystem, root: string, options: ResolvedBlobStoreOptions, nonce: string) {
    this.fs = fs;
    this.root = root;
    this.options = options;
    this.#nonce = nonce;
  }

  async put(key: string, data: Uint8Array, options: PutOptions = {}): Promise<void> {
    this.#assertOpen('put');
    this.checkKey(key);
    assertBytes('put', data);
    if (options.overwrite === false) return this.#putNoReplace(key, data);
    const dir = await this.#ensureBlobDir(key);
    const temp = await this.writeTemp(dir, key, data, 'replace');
    try {
      await this.publishReplace(temp, this.#blobPath(key), dir);
    } catch (error) {
      await unlinkQuietly(this.fs, temp);
      throw error;
    }
  }

  async putIfAbsent(key: string, data: Uint8Array): Promise<void> {
    this.#assertOpen('putIfAbsent');
    this.checkKey(key);
    assertBytes('putIfAbsent', data);
    return this.#putNoReplace(key, data);
  }

  async get(key: string): Promise<Uint8Array> {
    this.#assertOpen('get');
    this.checkKey(key);
    let file: Uint8Array;
    try {
      file = await this.fs.readFile(this.#blobPath(key));
    } catch (error) {
      if (isMissing(error)) throw withoutStack(() => new NotFoundError(key));
      throw error;
    }
    const header = decodeHeader(key, file.subarray(0, HEADER_SIZE_BYTES), file.length);
    // A plain Uint8Array view whatever the backend returned (Node returns a Buffer).
    const data = new Uint8Array(file.buffer, file.byteOffset + HEADER_SIZE_BYTES, file.length - HEADER_SIZE_BYTES);
    if (this.options.checksums) verifyChecksum(key, header, crc32(data));
    return data;
  }

  async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    this.#assertOpen('getRange');
    this.checkKey(key);
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
      throw new RangeError(`BlobStore.getRange: offset and length must be non-negative integers, got ${offset} and ${length}`);
    }
    let handle: FileHandle;
    try {
      handle = await this.fs.open(this.#blobPath(key), 'r');
    } catch (error) {
      if (isMissing(error)) throw withoutStack(() => new NotFoundError(key));
      throw error;
    }
    try {
      const { size } = await handle.stat();
      const header = decodeHeader(key, await readAt(handle, 0, HEADER_SIZE_BYTES), size);
      if (offset + length > header.dataLengthBytes) {
        throw new RangeOutOfBoundsError(key, offset, length, header.dataLengthBytes);
      }
      if (!this.options.checksums || header.checksum === null) {
        return await readAt(handle, HEADER_SIZE_BYTES + offset, length);
      }
      return await this.#readVerifiedRange(key, handle, header, offset, length);
    } finally {
      await closeQuietly(handle);
    }
  }

  async has(key: string): Promise<boolean> {
    this.#assertOpen('has');
    this.checkKey(key);
    try {
      return (await this.fs.stat(this.#blobPath(key))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    this.#assertOpen('delete');
    this.checkKey(key);
    const dir = this.#blobDir(key);
    try {
      await this.fs.unlink(childPath(dir, key));
    } catch (error) {
      if (!isMissing(error)) throw error;
      // Still sync below: an earlier delete or a concurrent one may have unlinked the name
      // without having made that durable yet, and this call must not acknowledge before it is.
    }
    try {
      await this.syncDir(dir);
    } catch (error) {
      // A hash-prefix directory that was never created holds nothing to make durable.
      if (!isMissing(error)) throw error;
    }
  }

  async list(prefix = ''): Promise<string[]> {
    this.#assertOpen('list');
    validatePrefix(prefix);
    const keys: string[] = [];
    for (const dir of await this.blobDirectories()) {
      for (const name of await this.#readdirIfExists(dir)) {
        if (isBlobName(name) && name.startsWith(prefix)) keys.push(name);
      }
    }
    // Default string order (UTF-16 code units): deterministic whatever order readdir used.
    return keys.sort();
  }

  /** Calls already running finish normally; the store holds no open handles between calls. */
  async close(): Promise<void> {
    this.#closed = true;
  }

  /**
   * Removes the temp files a crash or a failed call left behind, and makes the removal durable.
   * Runs once at open, before any call: a temp file is never a blob, so removing it loses nothing.
   */
  async sweepTemps(): Promise<void> {
    for (const dir of await this.blobDirectories()) {
      let removed = false;
      for (const name of await this.#readdirIfExists(dir)) {
        if (!isTempName(name)) continue;
        reachable(BLOB_MARKS.tempSwept);
        try {
          await this.fs.unlink(childPath(dir, name));
          removed = true;
        } catch (error) {
          if (!isMissing(error)) throw error;
        }
      }
      if (removed) await this.syncDir(dir);
    }
  }

  // ---- The steps of the publication protocol (overridden by test/mutants only) ----

  /**
   * Refuses a key that breaks a naming rule (InvalidKeyError), before any disk access: the rules
   * are what keeps every path the store builds inside its root.
   */
  protected checkKey(key: string): void {
    validateKey(key);
  }

  /** Creates a fresh temp file in `dir` with O_EXCL, trying the next name on a collision. */
  protected async createTemp(dir: string, _key: string): Promise<{ path: string; handle: FileHandle }> {
    for (let attempt = 0; attempt < TEMP_ATTEMPTS_MAX; attempt++) {
      const path = childPath(dir, `${TEMP_PREFIX}${this.#nonce}-${this.#tempCounter++}`);
      try {
        return { path, handle: await this.fs.open(path, 'wx') };
      } catch (error) {
        if (!hasErrorCode(error, 'EEXIST')) throw error;
      }
    }
    throw new Error(`BlobStore: ${TEMP_ATTEMPTS_MAX} temp names in '${dir}' were all taken; remove stray '${TEMP_PREFIX}*' files`);
  }

  /**
   * What the temp file holds: header (length, checksum) then data. `purpose` says which
   * publication step will follow (rename over, or link beside).
   */
  protected encode(data: Uint8Array, _purpose: PublishPurpose): Uint8Array {
    return encodeBlob(data, this.options.checksums);
  }

  /** Writes, syncs and closes a complete temp file; returns its path. Removes it on failure. */
  protected async writeTemp(dir: string, key: string, data: Uint8Array, purpose: PublishPurpose): Promise<string> {
    const { path, handle } = await this.createTemp(dir, key);
    try {
      await writeAll(handle, this.encode(data, purpose));
      await this.syncFile(handle);
    } catch (error) {
      await closeQuietly(handle);
      await unlinkQuietly(this.fs, path);
      throw error;
    }
    try {
      await handle.close();
    } catch (error) {
      await unlinkQuietly(this.fs, path);
      throw error;
    }
    return path;
  }

  /** Makes the temp file's bytes durable before any name can point at them. */
  protected async syncFile(handle: FileHandle): Promise<void> {
    if (this.options.fsyncMode === 'full') await handle.sync();
    else if (this.options.fsyncMode === 'data') await handle.datasync();
  }

  /** Makes a directory's entries durable (no-op with fsyncMode none). */
  protected async syncDir(dir: string): Promise<void> {
    if (this.options.fsyncMode === 'none') return;
    await syncDirectory(this.fs, dir);
  }

  /** Publishes over any existing blob: atomic rename, then the directory sync that makes it durable. */
  protected async publishReplace(temp: string, final: string, dir: string): Promise<void> {
    await this.fs.rename(temp, final);
    await this.syncDir(dir);
  }

  /** Every directory that may hold blobs (the leaves of the hash-prefix tree, or the root). */
  protected async blobDirectories(): Promise<string[]> {
    let dirs = [this.root];
    for (let level = 0; level < this.options.hashPrefixDirs; level++) {
      const next: string[] = [];
      for (const dir of dirs) {
        for (const name of await this.#readdirIfExists(dir)) {
          if (/^[0-9a-f]{2}$/.test(name)) next.push(childPath(dir, name));
        }
      }
      dirs = next;
    }
    return dirs;
  }

  // ---- Private helpers ----

  /**
   * put without replacing: link(temp, final) either creates the name atomically or fails with
   * EEXIST, so exactly one concurrent caller wins, and what it publishes is already a complete,
   * synced file. A loser syncs the directory before reporting AlreadyExists, so "already exists"
   * is never an answer that a crash can take back.
   */
  async #putNoReplace(key: string, data: Uint8Array): Promise<void> {
    const dir = await this.#ensureBlobDir(key);
    const temp = await this.writeTemp(dir, key, data, 'no-replace');
    try {
      await this.fs.link(temp, childPath(dir, key));
    } catch (error) {
      await unlinkQuietly(this.fs, temp);
      if (!hasErrorCode(error, 'EEXIST')) throw error;
      reachable(BLOB_MARKS.putIfAbsentLostRace);
      await this.syncDir(dir);
      throw withoutStack(() => new AlreadyExistsError(key));
    }
    await this.fs.unlink(temp);
    await this.syncDir(dir);
  }

  async #readVerifiedRange(
    key: string,
    handle: FileHandle,
    header: { dataLengthBytes: number; checksum: number | null },
    offset: number,
    length: number,
  ): Promise<Uint8Array> {
    const range = new Uint8Array(length);
    let crc = 0;
    for (let position = 0; position < header.dataLengthBytes; position += VERIFY_CHUNK_BYTES) {
      const chunk = await readAt(handle, HEADER_SIZE_BYTES + position, Math.min(VERIFY_CHUNK_BYTES, header.dataLengthBytes - position));
      crc = crc32(chunk, crc);
      const from = Math.max(offset, position);
      const to = Math.min(offset + length, position + chunk.length);
      if (from < to) range.set(chunk.subarray(from - position, to - position), from - offset);
    }
    verifyChecksum(key, header, crc);
    return range;
  }

  #blobDir(key: string): string {
    return this.#locationOf(key).dir;
  }

  #blobPath(key: string): string {
    return this.#locationOf(key).path;
  }

  /**
   * Where `key` lives: a pure function of the key, asked for by nearly every call, and joining
   * paths is not free. Bounded, so a store serving many keys does not keep them all.
   */
  readonly #locations = new BoundedMemo<string, { readonly dir: string; readonly path: string }>(LOCATIONS_CACHED_MAX);

  #locationOf(key: string): { readonly dir: string; readonly path: string } {
    const known = this.#locations.recall(key);
    if (known !== undefined) return known;
    let dir = this.root;
    for (const name of prefixDirsFor(key, this.options.hashPrefixDirs)) dir = childPath(dir, name);
    return this.#locations.remember(key, { dir, path: childPath(dir, key) });
  }

  /** The key's directory, created if needed and durable (with its parents) before returning. */
  async #ensureBlobDir(key: string): Promise<string> {
    let parent = this.root;
    for (const name of prefixDirsFor(key, this.options.hashPrefixDirs)) {
      const dir = childPath(parent, name);
      await this.#ensureDurableDir(dir, parent);
      parent = dir;
    }
    return parent;
  }

  #ensureDurableDir(dir: string, parent: string): Promise<void> {
    const known = this.#durableDirs.get(dir);
    if (known !== undefined) return known;
    const made = (async () => {
      try {
        await this.fs.mkdir(dir);
      } catch (error) {
        if (!hasErrorCode(error, 'EEXIST')) throw error;
      }
      // Also when it already existed: it may be another instance's or a pre-crash creation
      // whose parent was never synced.
      await this.syncDir(parent);
    })();
    this.#durableDirs.set(dir, made);
    made.catch(() => this.#durableDirs.delete(dir));
    return made;
  }

  async #readdirIfExists(dir: string): Promise<string[]> {
    try {
      return await this.fs.readdir(dir);
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  }

  #assertOpen(operation: string): void {
    if (this.#closed) throw new StoreClosedError(operation);
  }
}

function assertBytes(operation: string, data: unknown): void {
  if (!(data instanceof Uint8Array)) {
    throw new TypeError(`BlobStore.${operation}: data must be a Uint8Array (or Buffer), got ${typeof data}`);
  }
}
