import type { CrashProfile } from '../disk/types.js';
import type { FaultKind } from '../faults/plan.js';

/**
 * Swarm testing (Groce et al., ISSTA 2012; TigerBeetle's VOPR): each seed draws its own
 * configuration (crash profile, faults, clients, key space, operation mix, value sizes) from a
 * stream of its own, so a campaign explores many shapes of workload instead of one, and features
 * that mask each other (a mix full of reads, a roomy key space) are switched off in some runs.
 */

/**
 * The bands of a scenario's operation mix, as its `generate` reads one draw in [0, 1): each kind
 * with the upper end of its band, in order, the last ending at 1. `['put', 0.4], ['get', 1]`
 * means a draw below 0.4 is a put and anything else a get (see `mixRoll`).
 */
export type OperationMix = readonly (readonly [kind: string, upTo: number])[];

/**
 * What a scenario lets swarm vary; every member is optional and absent means swarm leaves that
 * part at the scenario's default. A scenario's `generate` reads the drawn values through
 * `WorkloadSize.knobs` (helpers in knobs.ts); without knobs it generates what it always did.
 */
export interface SwarmSpace {
  /** The operation mix `generate` draws from; swarm reweighs its kinds (and drops some). */
  readonly mix?: OperationMix;
  /** The size of the scenario's default key space: swarm draws a smaller one, down to 1 key. */
  readonly keysCountMax?: number;
  /** Whether values have sizes swarm may bound (`WorkloadKnobs.valueSizeBytes`). */
  readonly valueSizes?: boolean;
  /**
   * The fault kinds the scenario's contract can hold under, the only ones swarm draws. Absent:
   * swarm draws no faults (a user's --faults still applies).
   */
  readonly faultKinds?: readonly FaultKind[];
}

/** Bounds of value sizes, in bytes, both inclusive. */
export interface SizeBounds {
  readonly minBytes: number;
  readonly maxBytes: number;
}

/** The workload part of a swarm configuration: how `generate` departs from its defaults. */
export interface WorkloadKnobs {
  /** Only the first `keysCount` keys of the scenario's key space are used. */
  readonly keysCount?: number;
  /** Value sizes are kept within these bounds. */
  readonly valueSizeBytes?: SizeBounds;
  /** A weight per operation kind of the scenario's mix, multiplying its default share; 0 drops it. */
  readonly weights?: Readonly<Record<string, number>>;
}

/** One seed's drawn configuration, as reports record it and `--replay` passes it back. */
export interface SwarmConfiguration {
  readonly profile: CrashProfile;
  /** The fault plan in the canonical spec syntax; `''` for none. */
  readonly faults: string;
  readonly clientsCount: number;
  readonly knobs: WorkloadKnobs;
}
