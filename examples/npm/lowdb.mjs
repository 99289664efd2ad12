import { join } from 'node:path';
import { TextFile } from 'lowdb/node';

/**
 * lowdb (npm), unmodified, as an `atomic-file` store: one lowdb `TextFile` adapter per name, the
 * adapter lowdb's `JSONFilePreset` and `JSONFile` write through, so steno's `Writer` does the
 * writing. (lowdb's presets switch to an in-memory adapter when NODE_ENV is `test`; the adapter is
 * used directly so the real file writer runs.) steno writes `.<name>.tmp` with `writeFile`, then
 * renames it over `<name>`: it fsyncs neither the file nor the directory.
 *
 *   npm run sim -- --scenario atomic-file --impl examples/npm/lowdb.mjs
 */
export default async function open(root) {
  const files = new Map();
  const fileNamed = (name) => {
    let file = files.get(name);
    if (file === undefined) {
      file = new TextFile(join(root, name));
      files.set(name, file);
    }
    return file;
  };
  return {
    save: (name, content) => fileNamed(name).write(content),
    load: async (name) => (await fileNamed(name).read()) ?? undefined,
  };
}
