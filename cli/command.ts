import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The command a person types to run crashsim from where they are, for every replay line and
 * hint the CLI prints: `npm run sim --` inside crashsim's own repository (its package.json is
 * named crashsim and has the `sim` script), `npx crashsim` anywhere else (a project that
 * installed the package). Decided once per working directory, from it upward.
 */

const REPOSITORY_COMMAND = 'npm run sim --';
const PACKAGE_COMMAND = 'npx crashsim';

const decided = new Map<string, string>();

/** The nearest package.json from `dir` upward, parsed; null when there is none or it is unreadable. */
function nearestPackage(dir: string): Record<string, unknown> | null {
  for (let current = dir; ; current = dirname(current)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(join(current, 'package.json'), 'utf8'));
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
    } catch (error) {
      // Only a missing file sends the search upward; a broken one is the project's own.
      if ((error as { code?: unknown }).code !== 'ENOENT') return null;
    }
    if (dirname(current) === current) return null;
  }
}

/** `npm run sim --` or `npx crashsim`, for the directory `cwd` (default: this process's). */
export function crashsimCommand(cwd: string = process.cwd()): string {
  const known = decided.get(cwd);
  if (known !== undefined) return known;
  const found = nearestPackage(cwd);
  const scripts = found?.['scripts'];
  const inRepository = found?.['name'] === 'crashsim' && typeof scripts === 'object' && scripts !== null && typeof (scripts as Record<string, unknown>)['sim'] === 'string';
  const command = inRepository ? REPOSITORY_COMMAND : PACKAGE_COMMAND;
  decided.set(cwd, command);
  return command;
}

/** `text` as one shell word: unchanged when it is plain, else in single quotes. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The line that replays a saved report, for the directory the CLI runs in. */
export function replayCommand(reportPath: string): string {
  return `${crashsimCommand()} --replay ${shellWord(reportPath)}`;
}
