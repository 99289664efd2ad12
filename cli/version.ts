import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The version of this crashsim, from its own package.json: the one above this file, whether it
 * runs from the sources (cli/) or compiled (dist/cli/). Shard summaries record it, because runs
 * of different versions may trace differently and their hashes must not be merged.
 */

let known: string | null = null;

export function crashsimVersion(): string {
  known ??= findVersion(dirname(fileURLToPath(import.meta.url)));
  return known;
}

function findVersion(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'crashsim' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No package.json here (or not crashsim's): look further up.
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
