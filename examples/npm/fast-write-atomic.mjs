import { join } from 'node:path';
import writeAtomic from 'fast-write-atomic';
import { readText } from './durable.mjs';

/**
 * fast-write-atomic (npm), unmodified, as an `atomic-file` store: `save` is the package's
 * `writeAtomic.promise(path, content)`, `load` reads the file. The package writes a temp file
 * `.<pid>.<counter>` beside the target, fsyncs it, renames it over the target, and never fsyncs
 * the directory.
 *
 *   npm run sim -- --scenario atomic-file --impl examples/npm/fast-write-atomic.mjs
 */
export default async function open(root) {
  return {
    save: (name, content) => writeAtomic.promise(join(root, name), content),
    load: (name) => readText(join(root, name)),
  };
}
