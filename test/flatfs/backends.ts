import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemFs } from '../../src/fs/mem-fs.js';
import { NodeFs } from '../../src/fs/node-fs.js';
import type { FileSystem } from '../../src/fs/types.js';

/** A place to put a store: a filesystem, a root that does not exist yet, and its cleanup. */
export interface Site {
  readonly fs: FileSystem;
  readonly root: string;
  cleanup(): Promise<void>;
}

export interface Backend {
  readonly name: string;
  makeSite(): Promise<Site>;
}

export const MEM_BACKEND: Backend = {
  name: 'MemFs',
  makeSite: async () => ({ fs: createMemFs(), root: '/data/store', cleanup: async () => {} }),
};

export const BACKENDS: readonly Backend[] = [
  MEM_BACKEND,
  {
    name: 'NodeFs',
    makeSite: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'crashsim-flatfs-'));
      return { fs: NodeFs, root: join(dir, 'store'), cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
];

export const text = (bytes: Uint8Array | undefined): string | undefined => (bytes === undefined ? undefined : new TextDecoder().decode(bytes));
