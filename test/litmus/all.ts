import type { LitmusTest } from './harness.js';
import { createTests } from './cases/create.js';
import { dirTests } from './cases/dirs.js';
import { linkTests } from './cases/links.js';
import { renameTests } from './cases/rename.js';

/** Every litmus test, by topic (each topic a file under cases/). */
export const LITMUS_TOPICS: ReadonlyArray<{ readonly topic: string; readonly tests: readonly LitmusTest[] }> = [
  { topic: 'create, write and fsync', tests: createTests },
  { topic: 'renames of files', tests: renameTests },
  { topic: 'directories', tests: dirTests },
  { topic: 'links and unlink', tests: linkTests },
];

export const ALL_LITMUS_TESTS: readonly LitmusTest[] = LITMUS_TOPICS.flatMap((topic) => topic.tests);
