import { describe, expect, it } from 'vitest';
import { SCENARIOS, findScenario } from '../../../scenarios/index.js';
import {
  drawableFaultKinds,
  RngStreams,
  SwarmConfigurationError,
  checkSwarmConfiguration,
  drawSwarmConfiguration,
  keySpace,
  mixRoll,
  parseFaultSpec,
  pickValueSize,
  type WorkloadSize,
} from '../../../sim/index.js';

/** Swarm's draw: deterministic, within each scenario's space, and every knob read as documented. */

const SEEDS = 400;

describe('drawing a swarm configuration', () => {
  it('is a pure function of the seed', () => {
    for (const scenario of SCENARIOS) {
      const draw = (seed: number): unknown => drawSwarmConfiguration(new RngStreams(seed).stream('swarm'), scenario.swarm);
      for (const seed of [0, 1, 77]) expect(draw(seed)).toEqual(draw(seed));
    }
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s: draws only what its swarm space allows, and varies every part of it', (_name, scenario) => {
    const space = scenario.swarm;
    const allowed = drawableFaultKinds(space?.faultKinds ?? []);
    const seen = { profiles: new Set<string>(), kinds: new Set<string>(), clients: new Set<number>(), keys: 0, sizes: 0, weights: 0, dropped: 0 };
    for (let seed = 0; seed < SEEDS; seed++) {
      const config = drawSwarmConfiguration(new RngStreams(seed).stream('swarm'), space);
      expect(checkSwarmConfiguration(config)).toEqual(config);
      seen.profiles.add(config.profile);
      seen.clients.add(config.clientsCount);
      for (const rule of parseFaultSpec(config.faults).rules) {
        expect(allowed).toContain(rule.kind);
        seen.kinds.add(rule.kind);
      }
      if (config.knobs.keysCount !== undefined) {
        seen.keys++;
        expect(config.knobs.keysCount).toBeLessThanOrEqual(space?.keysCountMax ?? 0);
      }
      if (config.knobs.valueSizeBytes !== undefined) seen.sizes++;
      const weights = config.knobs.weights;
      if (weights !== undefined) {
        seen.weights++;
        expect(Object.keys(weights)).toEqual((space?.mix ?? []).map(([kind]) => kind));
        expect(Object.values(weights).some((w) => w > 0)).toBe(true);
        if (Object.values(weights).includes(0)) seen.dropped++;
      }
    }
    expect([...seen.profiles].sort()).toEqual(['ext4-ordered', 'posix', 'process']);
    expect(seen.clients.size).toBeGreaterThan(4);
    expect([...seen.kinds].sort()).toEqual([...allowed].sort());
    expect(seen.keys > 0).toBe((space?.keysCountMax ?? 0) > 1);
    expect(seen.sizes > 0).toBe(space?.valueSizes === true);
    expect(seen.weights > 0 && seen.dropped > 0).toBe((space?.mix?.length ?? 0) > 1);
  });

  it('never draws bit flips for atomic-file, whose contract cannot hold them', () => {
    const space = findScenario('atomic-file')?.swarm;
    expect(space?.faultKinds).toEqual(['eio-sync', 'eio-read', 'enospc']);
  });
});

describe('the knobs generate reads', () => {
  const plain: WorkloadSize = { clientsCount: 2, operationsCount: 10 };
  const mix = [['put', 0.4], ['get', 0.9], ['list', 1]] as const;

  it('without knobs draw exactly what the scenario drew before', () => {
    const a = new RngStreams(5).stream('w');
    const b = new RngStreams(5).stream('w');
    for (let i = 0; i < 50; i++) {
      expect(mixRoll(a, plain, mix)).toBe(b.float());
      expect(pickValueSize(a, plain, [1, 2, 3])).toBe(b.pick([1, 2, 3]));
    }
    expect(keySpace(plain, ['x', 'y'])).toEqual(['x', 'y']);
  });

  it('with weights take only the kinds weighed above 0, in proportion', () => {
    const rng = new RngStreams(9).stream('w');
    const size: WorkloadSize = { ...plain, knobs: { weights: { put: 0, get: 1, list: 5 } } };
    const counts = { put: 0, get: 0, list: 0 };
    for (let i = 0; i < 3000; i++) {
      const roll = mixRoll(rng, size, mix);
      counts[roll < 0.4 ? 'put' : roll < 0.9 ? 'get' : 'list']++;
    }
    expect(counts.put).toBe(0);
    // Default shares 0.5 and 0.1, weighed 1 and 5: as likely as each other.
    expect(counts.get / counts.list).toBeGreaterThan(0.8);
    expect(counts.get / counts.list).toBeLessThan(1.25);
  });

  it('narrow the key space and bound value sizes', () => {
    const rng = new RngStreams(3).stream('w');
    const size: WorkloadSize = { ...plain, knobs: { keysCount: 2, valueSizeBytes: { minBytes: 500, maxBytes: 600 } } };
    expect(keySpace(size, ['a', 'b', 'c'])).toEqual(['a', 'b']);
    for (let i = 0; i < 50; i++) expect([511, 512, 513]).toContain(pickValueSize(rng, size, [0, 5, 511, 512, 513, 4096]));
    // None within the bounds: the nearest one.
    expect(pickValueSize(rng, { ...plain, knobs: { valueSizeBytes: { minBytes: 8192, maxBytes: 8192 } } }, [0, 5000, 300])).toBe(5000);
  });
});

describe('checking a configuration from outside', () => {
  const good = { profile: 'posix', faults: '', clientsCount: 2, knobs: { keysCount: 1, weights: { put: 1 } } };
  it.each([
    [{ ...good, profile: 'ntfs' }, /"profile" must be one of/],
    [{ ...good, faults: 'meteor' }, /"faults": bad fault spec/],
    [{ ...good, clientsCount: 0 }, /"clientsCount" must be an integer from 1/],
    [{ ...good, extra: 1 }, /unknown field "extra"/],
    [{ ...good, knobs: { keysCount: -1 } }, /"knobs.keysCount"/],
    [{ ...good, knobs: { weights: { put: -1 } } }, /"knobs.weights.put" must be a finite number >= 0/],
    [{ ...good, knobs: { weights: { put: 0 } } }, /at least one operation kind/],
    [{ ...good, knobs: { valueSizeBytes: { minBytes: 9, maxBytes: 3 } } }, /"knobs.valueSizeBytes.maxBytes" must be an integer from 9/],
    ['posix', /must be an object/],
  ])('refuses %j', (value, message) => {
    expect(() => checkSwarmConfiguration(value)).toThrow(SwarmConfigurationError);
    expect(() => checkSwarmConfiguration(value)).toThrow(message);
  });
});
