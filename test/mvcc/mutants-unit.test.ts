import { describe, expect, it } from 'vitest';
import { createMemFs } from '../../src/fs/mem-fs.js';
import { openMvccSystem } from '../../scenarios/mvcc/index.js';
import type { SystemFactory } from '../../sim/scenario.js';
import type { MvccSystem } from '../../scenarios/mvcc/index.js';
import awaitBetweenCheckAndCommit from '../mutants/mvcc/await-between-check-and-commit.js';

/** The check-then-commit mutant is a real bug even without a crash: two conflicting commits both land. */

async function commitTwiceConcurrently(open: SystemFactory<MvccSystem>): Promise<string[]> {
  const store = await open(createMemFs(), '/data');
  const outcomes = await Promise.allSettled([
    store.applyMutations([{ type: 'put', key: 'counter', value: 'from A' }], 0, 1),
    store.applyMutations([{ type: 'put', key: 'counter', value: 'from B' }], 0, 2),
  ]);
  await store.close();
  return outcomes.map((outcome) => outcome.status);
}

describe('conflict check atomicity', () => {
  it('the store lets only one of two overlapping writers of a key commit', async () => {
    expect(await commitTwiceConcurrently(openMvccSystem)).toEqual(['fulfilled', 'rejected']);
  });

  it('the mutant with an await between check and commit lets both commit (a lost update)', async () => {
    expect(await commitTwiceConcurrently(awaitBetweenCheckAndCommit)).toEqual(['fulfilled', 'fulfilled']);
  });
});
