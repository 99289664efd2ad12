import type { FileSystem } from '../../src/fs/index.js';
import type { Violation } from '../../sim/index.js';

/**
 * Files left in a root after recovery that the contract does not name (temp files of interrupted
 * writes, say): found by walking the recovered disk, so whatever the implementation calls them.
 * Empty directories are not reported.
 */
export async function leftoverFiles(fs: FileSystem, root: string, expected: ReadonlySet<string>): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, relative: string): Promise<void> => {
    const names = (await fs.readdir(dir)).sort();
    for (const name of names) {
      const path = `${dir}/${name}`;
      const shown = relative === '' ? name : `${relative}/${name}`;
      if ((await fs.stat(path)).isDirectory()) await walk(path, shown);
      else if (!expected.has(shown)) found.push(shown);
    }
  };
  await walk(root, '');
  return found;
}

/** The `temp-leftover` violation for the files found, if any. */
export function leftoverViolation(leftovers: readonly string[], root: string, contract: string): Violation[] {
  if (leftovers.length === 0) return [];
  const shown = leftovers.slice(0, 5).map((name) => JSON.stringify(name)).join(', ');
  const more = leftovers.length > 5 ? ` and ${leftovers.length - 5} more` : '';
  return [{ invariant: 'temp-leftover', message: `after recovery ${root} holds ${shown}${more}, which ${contract}: leftovers of interrupted writes the implementation never cleaned up` }];
}
