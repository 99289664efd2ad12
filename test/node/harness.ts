import { SimFs } from '../../sim/index.js';
import type { DiskImage, SimFsOptions } from '../../sim/index.js';
import { NodeRun, installInterposition } from '../../sim/node/index.js';

/**
 * Shared setup of the interposition tests. Importing this file installs the interposition layer,
 * before any fixture is imported: fixtures are loaded by Node itself (NodeRun.loadFresh, or
 * `importNatively` below), never by vitest's module loader, as code under test would be.
 */
installInterposition();

/** The simulated root: a path that exists on no real machine, so a leak to the real disk fails loudly. */
export const ROOT = '/crashsim-node-test';

export function fixtureUrl(name: string): string {
  return new URL(`./fixtures/${name}`, import.meta.url).href;
}

export interface RunContext {
  readonly run: NodeRun;
  readonly disk: SimFs;
}

/** A run on a fresh disk holding the root; `body` runs inside execute. */
export async function inRun<T>(seed: number, body: (context: RunContext) => Promise<T>, diskOptions: SimFsOptions = {}): Promise<RunContext & { result: T }> {
  const disk = new SimFs(diskOptions);
  await disk.mkdir(ROOT);
  const run = new NodeRun({ disk, root: ROOT, seed });
  const result = await run.execute(() => body({ run, disk }));
  return { run, disk, result };
}

/** The visible files of the disk, as path -> text. */
export function filesOf(disk: SimFs): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (image: DiskImage, path: string): void => {
    if (image.kind === 'file') files[path] = Buffer.from(image.data).toString();
    else for (const [name, child] of Object.entries(image.entries)) walk(child, `${path}/${name}`);
  };
  walk(disk.toImage(), '');
  return files;
}

type NativeImport = (url: string) => Promise<unknown>;

/** A plain import() by Node (not vitest's loader): loads a fixture once, shared by every run. */
export async function importNatively<T>(url: string): Promise<T> {
  const source = 'data:text/javascript,export default (url) => import(url)';
  const loader = (await import(source)) as { default: NativeImport };
  return (await loader.default(url)) as T;
}
