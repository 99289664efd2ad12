import type { LitmusTest } from './harness.js';
import { createTests } from './cases/create.js';

/** Every litmus test, by topic (each topic a file under cases/). */
export const LITMUS_TOPICS: ReadonlyArray<{ readonly topic: string; readonly tests: readonly LitmusTest[] }> = [
  { topic: 'create, write and fsync', tests: createTests },
];

export const ALL_LITMUS_TESTS: readonly LitmusTest[] = LITMUS_TOPICS.flatMap((topic) => topic.tests);
