import type { FileSystem } from '../src/fs/types.js';
import type { AtomicFile } from '../scenarios/atomic-file/index.js';
import { syncDirectory } from '../src/fs/durable.js';
import type { SystemFactory } from '../sim/scenario.js';

/**
 * The node:fs stores of the node-fs bench, ported to the FileSystem interface call for call, so
 * that each interposed run has a twin making the same disk steps without interposition (the
 * bench prints the steps per run of both).
 */

/** fs.readFile(path, 'utf8') as Node makes it (open, fstat, read, close); undefined when there is no file. */
async function readWhole(fs: FileSystem, path: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await fs.open(path, 'r');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(size);
    await handle.read(buffer, 0, size, null);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

/** scenarios/atomic-file/reference.cjs. */
export const referencePort: SystemFactory<AtomicFile> = async (fs, root) => {
  const temps = (await fs.readdir(root)).filter((name) => name.endsWith('.tmp'));
  for (const name of temps) await fs.unlink(`${root}/${name}`);
  if (temps.length > 0) await syncDirectory(fs, root);
  let saves = 0;
  return {
    async save(name, content) {
      const target = `${root}/${name}`;
      const temp = `${target}.${(++saves).toString(16).padStart(12, '0')}.tmp`;
      const bytes = Buffer.from(content, 'utf8');
      const handle = await fs.open(temp, 'wx');
      try {
        await handle.write(bytes, 0, bytes.length, null);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, target);
      await syncDirectory(fs, root);
    },
    load: (name) => readWhole(fs, `${root}/${name}`),
  };
};

/** True when `path` exists: the facade's realpath, stat, chown and chmod are each one lookup of the disk. */
async function lookUp(fs: FileSystem, path: string): Promise<boolean> {
  try {
    await fs.stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * write-file-atomic 7's `writeFileAtomic(path, content)` (lib/index.js, writeFileAsync), as
 * bench/write-file-atomic.cjs calls it: saves of one file one after the other; realpath, then
 * stat of the target; the temp file opened `w`, written at 0, fsynced and closed; when the target
 * existed, chown and chmod of the temp; the rename; then an unlink of the temp, which fails once it
 * is renamed. The directory is never synced.
 */
export const writeFileAtomicPort: SystemFactory<AtomicFile> = async (fs, root) => {
  const queues = new Map<string, Promise<unknown>>();
  let invocations = 0;
  const saveNow = async (target: string, content: string): Promise<void> => {
    await lookUp(fs, target);
    const existed = await lookUp(fs, target);
    const temp = `${target}.${(++invocations).toString(16)}`;
    try {
      const bytes = Buffer.from(content, 'utf8');
      const handle = await fs.open(temp, 'w');
      try {
        await handle.write(bytes, 0, bytes.length, 0);
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (existed) {
        await fs.stat(temp);
        await fs.stat(temp);
      }
      await fs.rename(temp, target);
    } finally {
      await fs.unlink(temp).catch(() => undefined);
    }
  };
  return {
    save(name, content) {
      const target = `${root}/${name}`;
      const saved = (queues.get(target) ?? Promise.resolve()).then(() => saveNow(target, content));
      queues.set(target, saved.catch(() => undefined));
      return saved;
    },
    load: (name) => readWhole(fs, `${root}/${name}`),
  };
};
