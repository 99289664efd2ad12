import { posix } from 'node:path';
import type { FileSystem } from '../fs/types.js';
import { FileBlobStore } from './file-blob-store.js';
import { resolveOptions } from './options.js';
import type { BlobStoreOptions, ResolvedBlobStoreOptions } from './options.js';
import type { BlobStore } from './types.js';

/** Builds a store instance; test/mutants passes subclasses of FileBlobStore through here. */
export type FileBlobStoreConstructor<S extends FileBlobStore> = new (
  fs: FileSystem,
  root: string,
  options: ResolvedBlobStoreOptions,
  nonce: string,
) => S;

/**
 * How many stores each (filesystem, root) has opened, so that concurrent instances on one root
 * use different temp names without any randomness (which would break replayable simulations).
 * Names that still collide (another process) are retried: temp files are created with O_EXCL.
 */
const openCounts = new WeakMap<FileSystem, Map<string, number>>();

function nextNonce(fs: FileSystem, root: string): string {
  let perRoot = openCounts.get(fs);
  if (perRoot === undefined) {
    perRoot = new Map();
    openCounts.set(fs, perRoot);
  }
  const count = perRoot.get(root) ?? 0;
  perRoot.set(root, count + 1);
  return count.toString(36);
}

/**
 * Opens (creating if needed) the blob store rooted at the absolute path `root`, and sweeps the
 * temp files a crash left behind. Every file the store touches lies under `root`.
 *
 * The root itself is created if missing, but its own name is not synced (that would touch the
 * directory above the root): create and sync the root beforehand if a brand-new store must
 * survive a crash that happens right after its first put.
 *
 * Open one store per root at a time (per process and across processes): the open-time sweep
 * removes every temp file under the root, including those of another live instance, whose puts
 * would then fail (loudly: their rename finds no temp file; nothing is ever silently lost).
 */
export async function openBlobStore(fs: FileSystem, root: string, options: BlobStoreOptions = {}): Promise<BlobStore> {
  return openFileBlobStore(FileBlobStore, fs, root, options);
}

/** openBlobStore for a given FileBlobStore class; internal (mutants), not part of the public API. */
export async function openFileBlobStore<S extends FileBlobStore>(
  StoreClass: FileBlobStoreConstructor<S>,
  fs: FileSystem,
  root: string,
  options: BlobStoreOptions = {},
): Promise<S> {
  if (typeof root !== 'string' || !root.startsWith('/') || root.includes('\0')) {
    throw new TypeError(`openBlobStore: root must be an absolute path without NUL, got ${JSON.stringify(root)}`);
  }
  const normalizedRoot = posix.normalize(root).replace(/(.)\/+$/, '$1');
  const resolved = resolveOptions(options);
  await fs.mkdir(normalizedRoot, { recursive: true });
  const store = new StoreClass(fs, normalizedRoot, resolved, nextNonce(fs, normalizedRoot));
  await store.sweepTemps();
  return store;
}
