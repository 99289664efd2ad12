import { SimFs } from '../../../sim/disk/index.js';
import type { CrashProfile, DiskImage } from '../../../sim/disk/index.js';

/** Small helpers shared by the SimFs tests. */

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
export const text = (data: Uint8Array): string => new TextDecoder().decode(data);

/** What `path` names in an image, or undefined. */
export function at(image: DiskImage, path: string): DiskImage | undefined {
  let node: DiskImage | undefined = image;
  for (const part of path.split('/').filter((p) => p !== '')) {
    if (node === undefined || node.kind !== 'dir') return undefined;
    node = Object.hasOwn(node.entries, part) ? node.entries[part] : undefined;
  }
  return node;
}

/** The contents of the file at `path` as text, or undefined when there is no such file. */
export function fileText(image: DiskImage, path: string): string | undefined {
  const node = at(image, path);
  return node !== undefined && node.kind === 'file' ? text(node.data) : undefined;
}

/** Every post-crash image (exhaustive), asserting the enumeration was complete. */
export function crashImages(fs: SimFs, profile: CrashProfile = 'posix', maxStates = 100_000): DiskImage[] {
  const { states, truncated } = fs.crashStates({ profile, maxStates });
  if (truncated) throw new Error(`crashStates was truncated at ${states.length} states: make the test smaller`);
  return states.map((state) => state.toImage());
}

export async function syncPath(fs: SimFs, path: string): Promise<void> {
  const handle = await fs.open(path, 'r');
  await handle.sync();
  await handle.close();
}

/** Creates `path` with `content`, fsyncs it, closes it. Its name is NOT made durable. */
export async function writeSynced(fs: SimFs, path: string, content: string): Promise<void> {
  const handle = await fs.open(path, 'w');
  await handle.write(bytes(content));
  await handle.sync();
  await handle.close();
}

/** A disk with directory `/d` whose creation is durable. */
export async function diskWithDurableDir(options: ConstructorParameters<typeof SimFs>[0] = {}): Promise<SimFs> {
  const fs = new SimFs(options);
  await fs.mkdir('/d');
  await syncPath(fs, '/');
  return fs;
}

/** The error code a promise rejects with (fails the test if it resolves). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : `no code: ${String(error)}`;
  }
  return 'resolved';
}
