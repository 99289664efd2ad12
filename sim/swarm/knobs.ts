import type { Rng } from '../rng.js';
import type { WorkloadSize } from '../scenario.js';
import type { OperationMix } from './types.js';

/**
 * What a scenario's `generate` calls to honour the swarm knobs in `size.knobs`. Each helper, given
 * no knob, draws exactly what the scenario drew before it had knobs (same calls on the stream),
 * so a run without swarm generates the same workload byte for byte.
 */

/**
 * A draw in [0, 1) for the scenario's chain of `roll < upTo` tests over `mix`. Without weights it
 * is the stream's next float; with weights, one float picks a band by its default share times its
 * weight, and the result is that band's midpoint, so the unchanged chain takes that band.
 */
export function mixRoll(rng: Rng, size: WorkloadSize, mix: OperationMix): number {
  const roll = rng.float();
  const weights = size.knobs?.weights;
  if (weights === undefined) return roll;
  const bands = mix.map(([kind, upTo], index) => {
    const from = index === 0 ? 0 : (mix[index - 1] as readonly [string, number])[1];
    return { from, upTo, weight: (upTo - from) * (weights[kind] ?? 1) };
  });
  const total = bands.reduce((sum, band) => sum + band.weight, 0);
  if (!(total > 0)) return roll;
  let point = roll * total;
  for (const band of bands) {
    if (band.weight > 0 && point < band.weight) return (band.from + band.upTo) / 2;
    point -= band.weight;
  }
  const last = [...bands].reverse().find((band) => band.weight > 0);
  return last === undefined ? roll : (last.from + last.upTo) / 2;
}

/** The keys the workload draws from: all of `keys`, or the first `keysCount` of them. */
export function keySpace<Key>(size: WorkloadSize, keys: readonly Key[]): readonly Key[] {
  const count = size.knobs?.keysCount;
  if (count === undefined) return keys;
  return keys.slice(0, Math.min(keys.length, Math.max(1, count)));
}

/**
 * One of `sizes`, as `rng.pick(sizes)` draws it; with value-size bounds, one of those within them,
 * or, when none is, the one nearest to them.
 */
export function pickValueSize(rng: Rng, size: WorkloadSize, sizes: readonly number[]): number {
  const bounds = size.knobs?.valueSizeBytes;
  if (bounds === undefined) return rng.pick(sizes);
  const within = sizes.filter((bytes) => bytes >= bounds.minBytes && bytes <= bounds.maxBytes);
  if (within.length > 0) return rng.pick(within);
  const distance = (bytes: number): number => Math.max(bounds.minBytes - bytes, bytes - bounds.maxBytes);
  const nearest = sizes.reduce((best, bytes) => (distance(bytes) < distance(best) ? bytes : best), sizes[0] as number);
  return nearest;
}

/** A size the scenario drew itself, kept within the value-size bounds when there are any. */
export function boundValueSize(size: WorkloadSize, drawnBytes: number): number {
  const bounds = size.knobs?.valueSizeBytes;
  if (bounds === undefined) return drawnBytes;
  return Math.min(bounds.maxBytes, Math.max(bounds.minBytes, drawnBytes));
}
