import seedrandom from 'seedrandom';

/**
 * Seeded randomness. A run has one seed; every component draws from its own named stream derived
 * from it (`workload`, `crash`, `faults`, `scheduler`, `readdir`...), so changing how often one
 * component draws never shifts what another one sees.
 */

/** The largest seed accepted: seeds are printed and pasted back, so they stay plain integers. */
export const SEED_MAX = 2 ** 48 - 1;

/** Throws unless `seed` is an integer in [0, SEED_MAX]; names the caller and the rule. */
export function assertSeed(seed: number, where: string): void {
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > SEED_MAX) {
    throw new RangeError(`${where}: seed must be an integer from 0 to ${SEED_MAX}, got ${String(seed)}`);
  }
}

/** One deterministic stream of random numbers. */
export class Rng {
  /** Seeded on the first draw: seeding hashes the label, and many streams are made and never drawn from. */
  #generator: (() => number) | undefined;
  /** How the stream was derived, for error messages and reports. */
  readonly label: string;

  constructor(label: string) {
    this.label = label;
  }

  #next(): number {
    // alea: fast, good enough statistically, and fully determined by the label.
    this.#generator ??= seedrandom.alea(this.label);
    return this.#generator();
  }

  /** A float in [0, 1). */
  float(): number {
    return this.#next();
  }

  /** An integer in [0, bound). `bound` must be a positive integer. */
  int(bound: number): number {
    if (!Number.isInteger(bound) || bound <= 0) {
      throw new RangeError(`Rng.int: bound must be a positive integer, got ${String(bound)}`);
    }
    return Math.floor(this.#next() * bound);
  }

  /** An integer in [min, max], both inclusive. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.#next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick: cannot pick from an empty array');
    return items[this.int(items.length)] as T;
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = tmp;
    }
    return copy;
  }

  /** A child stream, independent of this one's draws. */
  fork(name: string): Rng {
    return new Rng(`${this.label}/${name}`);
  }
}

/** The named streams of one run. Asking for the same name twice gives two identical streams. */
export class RngStreams {
  readonly seed: number;

  constructor(seed: number) {
    assertSeed(seed, 'RngStreams');
    this.seed = seed;
  }

  stream(name: string): Rng {
    return new Rng(`crashsim:${this.seed}:${name}`);
  }
}
