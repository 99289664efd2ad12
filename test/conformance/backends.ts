import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemFs } from '../../src/fs/mem-fs.js';
import { NodeFs } from '../../src/fs/node-fs.js';
import type { FileSystem } from '../../src/fs/types.js';
import { SimFs, type SimFsOptions } from '../../sim/disk/index.js';

/**
 * The three FileSystem backends the conformance suite and the differential tests run on.
 * Each factory gives a fresh, empty root directory; `cleanup` releases it.
 */

export type BackendName = 'node' | 'memfs' | 'sim';

export interface Backend {
  readonly name: BackendName;
  readonly fs: FileSystem;
  /** An existing, empty directory that the test owns. */
  readonly root: string;
  cleanup(): Promise<void>;
}

export interface BackendFactory {
  readonly name: BackendName;
  /**
   * True for in-memory backends, which must reject relative, empty or NUL-containing paths with
   * EINVAL (the real disk resolves relative paths against the working directory instead).
   */
  readonly simulated: boolean;
  /**
   * Why the backend cannot run in this checkout; undefined when it can. (All three run now; the
   * field stays so that an optional backend can be skipped with a reason rather than dropped.)
   */
  readonly unavailable: string | undefined;
  create(): Promise<Backend>;
}

/** Creates `/root` inside an in-memory backend, so that tests never rely on `/` being empty. */
async function inMemory(name: BackendName, fs: FileSystem): Promise<Backend> {
  await fs.mkdir('/root');
  return { name, fs, root: '/root', cleanup: async () => undefined };
}

export const nodeBackend: BackendFactory = {
  name: 'node',
  simulated: false,
  unavailable: undefined,
  async create() {
    const root = await mkdtemp(join(tmpdir(), 'crashsim-conformance-'));
    return { name: 'node', fs: NodeFs, root, cleanup: () => rm(root, { recursive: true, force: true }) };
  },
};

export const memfsBackend: BackendFactory = {
  name: 'memfs',
  simulated: true,
  unavailable: undefined,
  create: () => inMemory('memfs', createMemFs()),
};

/** SimFs with shuffled readdir, so that a test depending on listing order fails. */
export function simBackendWith(options: SimFsOptions = {}): BackendFactory {
  return {
    name: 'sim',
    simulated: true,
    unavailable: undefined,
    create: () => inMemory('sim', new SimFs({ readdirOrder: 'shuffled', seed: 7, ...options })),
  };
}

export const simBackend: BackendFactory = simBackendWith();

export const backendFactories: readonly BackendFactory[] = [nodeBackend, memfsBackend, simBackend];
