import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { removeTempFiles, syncDirectory } from './durable.mjs';

/**
 * lowdb with a durable text adapter in place of its TextFile. steno (lowdb's writer) renames a
 * temp file it never fsynced, so after a power loss the renamed file may be empty or torn; no
 * wrapper around steno can sync the temp file between its write and its rename, so the fix is a
 * lowdb adapter: lowdb takes any `{ read(), write(data) }` (`new Low(new DurableTextFile(path),
 * defaultData)`). It keeps steno's temp name `.<name>.tmp` and one write at a time per file, and
 * adds what steno leaves out: fsync of the temp file before the rename, fsync of the directory
 * after it, and removal of temp files a crash left when the store opens.
 *
 *   npm run sim -- --scenario atomic-file --impl examples/npm/lowdb-fixed.mjs
 */
export class DurableTextFile {
  #path;
  #tempPath;
  #queue = Promise.resolve();

  constructor(path) {
    this.#path = path;
    this.#tempPath = join(dirname(path), `.${basename(path)}.tmp`);
  }

  async read() {
    try {
      return await fs.readFile(this.#path, 'utf8');
    } catch (error) {
      if (error.code === 'ENOENT') return null;
      throw error;
    }
  }

  write(data) {
    const written = this.#queue.then(() => this.#writeNow(data));
    this.#queue = written.catch(() => {});
    return written;
  }

  async #writeNow(data) {
    await fs.writeFile(this.#tempPath, data, { encoding: 'utf8', flush: true });
    await fs.rename(this.#tempPath, this.#path);
    await syncDirectory(dirname(this.#path));
  }
}

export default async function open(root) {
  await removeTempFiles(root, (name) => /^\..+\.tmp$/.test(name));
  const files = new Map();
  const fileNamed = (name) => {
    let file = files.get(name);
    if (file === undefined) {
      file = new DurableTextFile(join(root, name));
      files.set(name, file);
    }
    return file;
  };
  return {
    save: (name, content) => fileNamed(name).write(content),
    load: async (name) => (await fileNamed(name).read()) ?? undefined,
  };
}
