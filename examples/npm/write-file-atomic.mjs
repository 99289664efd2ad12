import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { readText } from './durable.mjs';

/**
 * write-file-atomic (npm), unmodified, as an `atomic-file` store: `save` is the package's
 * `writeFileAtomic(path, content)`, `load` reads the file. The package writes a temp file
 * `<name>.<hash>`, fsyncs it, renames it over `<name>`, and never fsyncs the directory.
 *
 *   npm run sim -- --scenario atomic-file --impl examples/npm/write-file-atomic.mjs
 */
export default async function open(root) {
  return {
    save: (name, content) => writeFileAtomic(join(root, name), content),
    load: (name) => readText(join(root, name)),
  };
}
