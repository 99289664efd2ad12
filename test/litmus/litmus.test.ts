import { describe, expect, it } from 'vitest';
import { ALL_LITMUS_TESTS, LITMUS_TOPICS } from './all.js';
import { LITMUS_PROFILES, checkLitmus } from './harness.js';

/**
 * The disk model's litmus suite: for each history, SimFs's post-crash states must equal, per
 * profile, the set the cited sources allow. A failure prints both sets.
 */

describe('litmus suite shape', () => {
  it('test names are unique and every expectation cites a source', () => {
    const names = ALL_LITMUS_TESTS.map((test) => test.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    const uncited = ALL_LITMUS_TESTS.flatMap((test) => LITMUS_PROFILES.filter((profile) => test.expected[profile].sources.length === 0).map((profile) => `${test.name} [${profile}]`));
    expect(uncited).toEqual([]);
  });
});

for (const { topic, tests } of LITMUS_TOPICS) {
  describe(`litmus: ${topic}`, () => {
    for (const test of tests) {
      for (const profile of LITMUS_PROFILES) {
        it(`${test.name} [${profile}]`, async () => {
          await checkLitmus(test, profile);
        });
      }
    }
  });
}
