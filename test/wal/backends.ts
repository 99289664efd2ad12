import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemFs } from '../../src/fs/mem-fs.js';
import { NodeFs } from '../../src/fs/node-fs.js';
import type { FileSystem } from '../../src/fs/types.js';

/** A fresh filesystem and root directory per test, on each backend without crash simulation. */
export interface Backend {
  readonly name: string;
  make(): Promise<{ fs: FileSystem; root: string; cleanup: () => Promise<void> }>;
}

export const BACKENDS: readonly Backend[] = [
  {
    name: 'MemFs',
    make: async () => ({ fs: createMemFs(), root: '/data', cleanup: async () => undefined }),
  },
  {
    name: 'NodeFs',
    make: async () => {
      const root = await mkdtemp(join(tmpdir(), 'crashsim-wal-'));
      return { fs: NodeFs, root, cleanup: () => rm(root, { recursive: true, force: true }) };
    },
  },
];

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function text(data: Uint8Array): string {
  return new TextDecoder().decode(data);
}
