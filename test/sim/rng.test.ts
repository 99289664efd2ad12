import { describe, expect, it } from 'vitest';
import { Rng, RngStreams, SEED_MAX, assertSeed } from '../../sim/rng.js';

describe('RngStreams', () => {
  it('gives the same sequence for the same seed and stream name', () => {
    const a = new RngStreams(42).stream('workload');
    const b = new RngStreams(42).stream('workload');
    const drawsA = Array.from({ length: 50 }, () => a.int(1000));
    const drawsB = Array.from({ length: 50 }, () => b.int(1000));
    expect(drawsA).toEqual(drawsB);
  });

  it('keeps streams independent: drawing from one never shifts another', () => {
    const quiet = new RngStreams(7);
    const busy = new RngStreams(7);
    const busyCrash = busy.stream('crash');
    for (let i = 0; i < 100; i++) busyCrash.float();
    const w1 = quiet.stream('workload');
    const w2 = busy.stream('workload');
    expect(Array.from({ length: 20 }, () => w1.float())).toEqual(Array.from({ length: 20 }, () => w2.float()));
  });

  it('gives different sequences for different seeds and names', () => {
    const draw = (rng: Rng): number[] => Array.from({ length: 10 }, () => rng.int(1 << 30));
    expect(draw(new RngStreams(1).stream('x'))).not.toEqual(draw(new RngStreams(2).stream('x')));
    expect(draw(new RngStreams(1).stream('x'))).not.toEqual(draw(new RngStreams(1).stream('y')));
  });

  it('rejects malformed seeds with a message naming the rule', () => {
    expect(() => assertSeed(-1, 'test')).toThrow(/seed must be an integer from 0 to/);
    expect(() => assertSeed(1.5, 'test')).toThrow(/seed must be an integer/);
    expect(() => new RngStreams(SEED_MAX + 1)).toThrow(/RngStreams: seed/);
    expect(() => new RngStreams(Number.NaN)).toThrow(RangeError);
  });
});

describe('Rng', () => {
  it('draws integers within bounds and covers them', () => {
    const rng = new Rng('bounds');
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const value = rng.int(7);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(7);
      seen.add(value);
    }
    expect(seen.size).toBe(7);
    expect(() => rng.int(0)).toThrow(/bound must be a positive integer/);
  });

  it('shuffles into a permutation without touching the input', () => {
    const input = [1, 2, 3, 4, 5, 6, 7, 8];
    const shuffled = new Rng('shuffle').shuffle(input);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
