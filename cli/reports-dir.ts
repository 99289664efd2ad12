import { mkdtemp, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './args.js';

/**
 * Checks `--reports DIR` before the first run, so that a campaign never runs for minutes and then
 * dies writing its first report: DIR must be a directory we may write in, or not exist yet under
 * a directory we may write in (it is made when the first report is written). Whether we may write
 * is tried, not inferred from permission bits (which say nothing to root, or on a read-only
 * mount): an empty directory is made there and removed at once.
 */
export async function checkReportsDir(dir: string): Promise<void> {
  const absolute = resolve(process.cwd(), dir);
  let existing = absolute;
  for (;;) {
    const found = await stat(existing).catch((error: { code?: unknown }) => (error.code === 'ENOENT' || error.code === 'ENOTDIR' ? null : error));
    if (found === null) {
      if (dirname(existing) === existing) throw new UsageError(`--reports ${dir}: nothing of that path exists, not even its root`);
      existing = dirname(existing);
      continue;
    }
    if (!('isDirectory' in found)) throw new UsageError(`--reports ${dir}: cannot look at ${existing} (${String(found.code)}); choose another directory`);
    if (!found.isDirectory()) {
      const where = existing === absolute ? 'is not a directory' : `is under ${existing}, which is not a directory`;
      throw new UsageError(`--reports ${dir} ${where}; choose a directory for the reports`);
    }
    break;
  }
  try {
    await rmdir(await mkdtemp(join(existing, '.crashsim-write-check-')));
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? error);
    const what = existing === absolute ? `is not writable (${code})` : `cannot be made: ${existing} is not writable (${code})`;
    throw new UsageError(`--reports ${dir} ${what}; choose a directory you may write in`);
  }
}
