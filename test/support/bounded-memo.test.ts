import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../../src/support/bounded-memo.js';

describe('BoundedMemo', () => {
  it('recalls what it remembered, and forgets everything at once when full', () => {
    const memo = new BoundedMemo<string, number>(2);
    expect(memo.recall('a')).toBeUndefined();
    expect(memo.remember('a', 1)).toBe(1);
    memo.remember('b', 2);
    expect([memo.recall('a'), memo.recall('b')]).toEqual([1, 2]);
    memo.remember('c', 3); // full: forgets a and b first
    expect([memo.recall('a'), memo.recall('b'), memo.recall('c')]).toEqual([undefined, undefined, 3]);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => new BoundedMemo(0)).toThrow(/sizeMax must be a positive integer, got 0/);
    expect(() => new BoundedMemo(1.5)).toThrow(/sizeMax must be a positive integer/);
  });
});
