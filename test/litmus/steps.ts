import type { SimFs } from '../../sim/disk/index.js';
import { syncPath } from '../sim/disk/helpers.js';

/** fsync of a directory (or a file) through a fresh handle, Node's way. */
export { syncPath };

/** Short operations the litmus histories are written in (each is one or a few SimFs calls). */

/** Bytes of a string holding one byte per character (`'\0'` is a zero byte). */
export function bytesOf(content: string): Uint8Array {
  return Uint8Array.from(content, (char) => char.charCodeAt(0) & 0xff);
}


/** Creates or truncates `path`, writes `content`, and closes it: nothing synced. */
export async function put(fs: SimFs, path: string, content: string): Promise<void> {
  const handle = await fs.open(path, 'w');
  if (content !== '') await handle.write(bytesOf(content));
  await handle.close();
}

/** As `put`, then fsync of the file (its name is not made durable). */
export async function putSynced(fs: SimFs, path: string, content: string): Promise<void> {
  const handle = await fs.open(path, 'w');
  if (content !== '') await handle.write(bytesOf(content));
  await handle.sync();
  await handle.close();
}

/** pwrite of `content` at `offset` of an existing file, no sync. */
export async function pwrite(fs: SimFs, path: string, offset: number, content: string): Promise<void> {
  const handle = await fs.open(path, 'r+');
  await handle.write(bytesOf(content), 0, content.length, offset);
  await handle.close();
}

/** A durable tree: each path ending in `/` a directory, others files with their content; all synced. */
export async function durableTree(fs: SimFs, tree: Readonly<Record<string, string>>): Promise<void> {
  const paths = Object.keys(tree);
  for (const path of paths) {
    if (path.endsWith('/')) await fs.mkdir(path.slice(0, -1));
    else await putSynced(fs, path, tree[path] as string);
  }
  const dirs = ['/', ...paths.filter((path) => path.endsWith('/')).map((path) => path.slice(0, -1))];
  for (const dir of dirs) await syncPath(fs, dir);
}


/** Awaits `call` and checks it failed with `code` (an injected fault the history relies on). */
export async function failsWith(call: Promise<unknown>, code: string): Promise<void> {
  try {
    await call;
  } catch (error) {
    if ((error as { code?: unknown }).code === code) return;
    throw error;
  }
  throw new Error(`litmus history: expected the call to fail with ${code}, but it succeeded`);
}

/** Opens `path` with `flags`, runs `use` on the handle, closes it. */
export async function withHandle(fs: SimFs, path: string, flags: 'r+' | 'a' | 'r' | 'w', use: (handle: Awaited<ReturnType<SimFs['open']>>) => Promise<void>): Promise<void> {
  const handle = await fs.open(path, flags);
  await use(handle);
  await handle.close();
}
