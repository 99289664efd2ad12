import type { LitmusTest } from './harness.js';
import { createTests } from './cases/create.js';
import { dataTests } from './cases/data.js';
import { dirTests } from './cases/dirs.js';
import { faultTests } from './cases/faults.js';
import { linkTests } from './cases/links.js';
import { renameTests } from './cases/rename.js';
import { syncTests } from './cases/sync.js';

/** Every litmus test, by topic (each topic a file under cases/). */
export const LITMUS_TOPICS: ReadonlyArray<{ readonly topic: string; readonly tests: readonly LitmusTest[] }> = [
  { topic: 'create, write and fsync', tests: createTests },
  { topic: 'renames of files', tests: renameTests },
  { topic: 'directories', tests: dirTests },
  { topic: 'links and unlink', tests: linkTests },
  { topic: 'file data', tests: dataTests },
  { topic: 'truncate, fsync and fdatasync', tests: syncTests },
  { topic: 'fsync failures (EIO)', tests: faultTests },
];

export const ALL_LITMUS_TESTS: readonly LitmusTest[] = LITMUS_TOPICS.flatMap((topic) => topic.tests);
