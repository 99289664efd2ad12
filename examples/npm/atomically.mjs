import { join } from 'node:path';
import { readFile, writeFile } from 'atomically';

/**
 * atomically (npm), unmodified, as an `atomic-file` store: `save` is the package's
 * `writeFile(path, content)`, `load` its `readFile(path, 'utf8')`. The package writes a temp file
 * `<name>.tmp-<time><random>`, fsyncs it, renames it over `<name>`, and never fsyncs the
 * directory.
 *
 *   npm run sim -- --scenario atomic-file --impl examples/npm/atomically.mjs
 */
export default async function open(root) {
  return {
    save: (name, content) => writeFile(join(root, name), content),
    async load(name) {
      try {
        return await readFile(join(root, name), 'utf8');
      } catch (error) {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
