import { StableHash } from '../trace.js';

/**
 * The campaign hash: a fingerprint of every run of a campaign (its scenario, its seed and its
 * trace hash) that does not depend on who ran which run, nor in what order.
 *
 * Each run contributes a 128-bit fingerprint of its line `scenario:seed:traceHash`, and the
 * campaign keeps their sum modulo 2^128 and their count (a multiset hash, in the manner of
 * Bellare and Micciancio's AdHash). Two parts of a campaign, worker threads of one process or
 * shards on different machines, combine by adding their sums and counts, so a merge gives exactly
 * the hash of the unsharded campaign while each part keeps 20 bytes, however many runs it made.
 * The order of the runs needs no encoding: every line names its scenario and seed, so a run moved
 * to another seed changes its line. Like the trace hash it tells runs apart; it resists no one.
 */

/** What a part of a campaign carries so that parts can be combined: JSON as it is. */
export interface CampaignHashState {
  /** How many runs were folded in. */
  readonly runs: number;
  /** The sum of their fingerprints modulo 2^128: 32 lowercase hex digits. */
  readonly sum: string;
}

const LIMBS = 4;
const LIMB = 0x1_0000_0000;
/** Distinct prefixes give the two 64-bit halves of a fingerprint from one line. */
const HIGH_HALF_PREFIX = 'campaign-run-high|';
const LOW_HALF_PREFIX = 'campaign-run-low|';

export class CampaignHash {
  /** The sum in 32-bit limbs, most significant first. */
  readonly #limbs: number[] = [0, 0, 0, 0];
  #runs = 0;

  get runs(): number {
    return this.#runs;
  }

  /** Folds in one run. */
  addRun(scenario: string, seed: number, traceHash: string): this {
    const line = `${scenario}:${seed}:${traceHash}\n`;
    const high = new StableHash().update(HIGH_HALF_PREFIX).update(line).digest();
    const low = new StableHash().update(LOW_HALF_PREFIX).update(line).digest();
    this.#add(high + low);
    this.#runs++;
    return this;
  }

  /** Folds in another part's runs (of the same campaign, none of them already in this one). */
  addState(state: CampaignHashState): this {
    this.#add(state.sum);
    this.#runs += state.runs;
    return this;
  }

  state(): CampaignHashState {
    return { runs: this.#runs, sum: this.#limbs.map((limb) => limb.toString(16).padStart(8, '0')).join('') };
  }

  /** 16 lowercase hex digits, like a trace hash. */
  digest(): string {
    const { runs, sum } = this.state();
    return new StableHash().update(`crashsim-campaign|${runs}|${sum}`).digest();
  }

  static fromState(state: CampaignHashState): CampaignHash {
    return new CampaignHash().addState(state);
  }

  /** Adds a 128-bit number given as 32 hex digits, with carries from limb to limb. */
  #add(hex: string): void {
    if (!isHashSum(hex)) throw new RangeError(`CampaignHash: a sum is 32 lowercase hex digits, got ${JSON.stringify(hex)}`);
    let carry = 0;
    for (let limb = LIMBS - 1; limb >= 0; limb--) {
      const total = (this.#limbs[limb] as number) + Number.parseInt(hex.slice(limb * 8, limb * 8 + 8), 16) + carry;
      this.#limbs[limb] = total % LIMB;
      carry = total >= LIMB ? 1 : 0;
    }
  }
}

export function isHashSum(text: unknown): text is string {
  return typeof text === 'string' && /^[0-9a-f]{32}$/.test(text);
}
