import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemFs } from '../../src/fs/mem-fs.js';
import { NodeFs } from '../../src/fs/node-fs.js';
import type { FileSystem } from '../../src/fs/types.js';

/** A filesystem plus a fresh store root on it, and how to clean up. */
export interface Sandbox {
  readonly fs: FileSystem;
  /** A parent directory owned by the test; the store root lives below it. */
  readonly base: string;
  readonly root: string;
  dispose(): Promise<void>;
}

export const BACKENDS: readonly { name: string; make: () => Promise<Sandbox> }[] = [
  {
    name: 'MemFs',
    make: async () => {
      const fs = createMemFs();
      await fs.mkdir('/sandbox/store', { recursive: true });
      return { fs, base: '/sandbox', root: '/sandbox/store', dispose: async () => {} };
    },
  },
  {
    name: 'NodeFs',
    make: async () => {
      const base = await mkdtemp(join(tmpdir(), 'crashsim-blob-'));
      const root = join(base, 'store');
      return { fs: NodeFs, base, root, dispose: () => rm(base, { recursive: true, force: true }) };
    },
  },
];

/** Every path under `dir` (files and directories), relative to it, sorted. */
export async function listTree(fs: FileSystem, dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await fs.readdir(dir)).sort()) {
    const path = `${dir}/${name}`;
    const relative = prefix === '' ? name : `${prefix}/${name}`;
    out.push(relative);
    if ((await fs.stat(path)).isDirectory()) out.push(...(await listTree(fs, path, relative)));
  }
  return out;
}

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
export const text = (data: Uint8Array): string => new TextDecoder().decode(data);
