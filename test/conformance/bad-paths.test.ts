import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isFsError } from '../../src/fs/errors.js';
import type { FileSystem } from '../../src/fs/types.js';
import { backendFactories, type Backend } from './backends.js';

/**
 * Paths that are not absolute fail with EINVAL on the in-memory backends. The real disk differs
 * (Node resolves a relative path against the working directory), so this runs on them only.
 */

const badPaths: readonly (readonly [string, string])[] = [
  ['relative', 'f'],
  ['dot-relative', './f'],
  ['empty', ''],
  ['NUL-containing', '/f\0g'],
];

const calls: readonly (readonly [string, (fs: FileSystem, path: string) => Promise<unknown>])[] = [
  ['open', (fs, path) => fs.open(path, 'w')],
  ['stat', (fs, path) => fs.stat(path)],
  ['readFile', (fs, path) => fs.readFile(path)],
  ['writeFile', (fs, path) => fs.writeFile(path, 'x')],
  ['mkdir', (fs, path) => fs.mkdir(path)],
  ['mkdir recursive', (fs, path) => fs.mkdir(path, { recursive: true })],
  ['rmdir', (fs, path) => fs.rmdir(path)],
  ['unlink', (fs, path) => fs.unlink(path)],
  ['readdir', (fs, path) => fs.readdir(path)],
  ['rename from', (fs, path) => fs.rename(path, '/root/g')],
  ['rename to', (fs, path) => fs.rename('/root/f', path)],
  ['link from', (fs, path) => fs.link(path, '/root/g')],
  ['link to', (fs, path) => fs.link('/root/f', path)],
];

const cases = badPaths.flatMap(([kind, path]) => calls.map(([call, act]) => ({ kind, path, call, act })));

describe.each(backendFactories.filter((factory) => factory.simulated))('bad paths on $name', (factory) => {
  if (factory.unavailable !== undefined) {
    it.skip(`skipped: ${factory.unavailable}`, () => undefined);
    return;
  }
  let backend: Backend;

  beforeEach(async () => {
    backend = await factory.create();
    expect(backend.root).toBe('/root');
    await backend.fs.writeFile('/root/f', 'F');
  });

  afterEach(async () => {
    await backend.cleanup();
  });

  it.each(cases)('$call with a $kind path fails with EINVAL', async ({ path, act }) => {
    const error: unknown = await act(backend.fs, path).then(
      () => 'resolved',
      (rejection: unknown) => rejection,
    );
    expect(isFsError(error), `expected an fs error, got ${String(error)}`).toBe(true);
    expect(isFsError(error) && error.code).toBe('EINVAL');
    expect(isFsError(error) && error.syscall.length > 0).toBe(true);
    expect((await backend.fs.readdir('/root')).sort()).toEqual(['f']);
  });
});
