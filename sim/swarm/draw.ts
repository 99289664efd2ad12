import type { CrashProfile } from '../disk/types.js';
import { parseFaultSpec } from '../faults/parse.js';
import type { FaultKind } from '../faults/plan.js';
import type { Rng } from '../rng.js';
import type { OperationMix, SizeBounds, SwarmConfiguration, SwarmSpace, WorkloadKnobs } from './types.js';

/**
 * Draws one seed's swarm configuration from its own stream (`swarm`), within what the scenario
 * lets vary (its SwarmSpace). Every option has a fixed menu of values, as VOPR's do: runs spread
 * over the whole space instead of clustering at defaults, and each value prints and replays.
 */

/** The weakest profile finds most crash bugs: half the runs; the two stronger ones share the rest. */
const PROFILES: readonly CrashProfile[] = ['posix', 'posix', 'ext4-ordered', 'process'];

export const SWARM_CLIENTS_COUNT_MAX = 6;

/** Multipliers of an operation kind's default share; 0 switches the kind off. */
const WEIGHTS: readonly number[] = [0, 0.25, 1, 1, 4];

/** Value-size bounds are drawn from sizes around the simulated disk's 512-byte sectors. */
const SIZE_LADDER_BYTES: readonly number[] = [0, 1, 64, 300, 511, 512, 513, 1024, 2048, 4096, 8192];

/** Per fault kind, the rules swarm may add (phase(recovery) rules hit the store while it reopens). */
const FAULT_MENU: Readonly<Record<FaultKind, readonly string[]>> = {
  'eio-sync': ['eio-sync:randomly(0.02)', 'eio-sync:randomly(0.1)', 'eio-sync:phase(recovery)&randomly(0.3)'],
  'eio-read': ['eio-read:randomly(0.02)', 'eio-read:randomly(0.1)', 'eio-read:phase(recovery)&randomly(0.2)'],
  enospc: ['enospc:capacity(300)', 'enospc:capacity(4000)', 'enospc:phase(recovery)&randomly(0.3)'],
  bitflip: ['bitflip:randomly(0.2)', 'bitflip:randomly(0.5)', 'bitflip(3):randomly(0.5)'],
  rot: ['rot:randomly(0.1)', 'rot(2):randomly(0.5)', 'rot:phase(recovery)&randomly(0.3)'],
};

/** Share of runs with faults, when the scenario declares any kind: most runs test crashes alone. */
const FAULTS_SHARE = 0.3;

export function drawSwarmConfiguration(rng: Rng, space: SwarmSpace | undefined): SwarmConfiguration {
  const profile = rng.pick(PROFILES);
  const clientsCount = 1 + rng.int(SWARM_CLIENTS_COUNT_MAX);
  const faults = drawFaults(rng.fork('faults'), space?.faultKinds ?? []);
  return { profile, faults, clientsCount, knobs: drawKnobs(rng.fork('knobs'), space ?? {}) };
}

/** The fault kinds among `declared` that swarm draws (those it has rules for). */
export function drawableFaultKinds(declared: readonly FaultKind[]): FaultKind[] {
  return declared.filter((kind) => FAULT_MENU[kind].length > 0);
}

function drawFaults(rng: Rng, declared: readonly FaultKind[]): string {
  const kinds = drawableFaultKinds(declared);
  if (kinds.length === 0 || !rng.chance(FAULTS_SHARE)) return '';
  const chosen = kinds.filter(() => rng.chance(0.5));
  if (chosen.length === 0) chosen.push(rng.pick(kinds));
  // Canonical, as every plan a report records.
  return parseFaultSpec(chosen.map((kind) => rng.pick(FAULT_MENU[kind])).join(';')).toString();
}

function drawKnobs(rng: Rng, space: SwarmSpace): WorkloadKnobs {
  const keysCount = space.keysCountMax !== undefined && space.keysCountMax > 1 && rng.chance(0.5) ? 1 + rng.int(space.keysCountMax) : undefined;
  const valueSizeBytes = space.valueSizes === true && rng.chance(0.5) ? drawSizeBounds(rng) : undefined;
  const weights = space.mix !== undefined && space.mix.length > 1 && rng.chance(0.75) ? drawWeights(rng, space.mix) : undefined;
  return {
    ...(keysCount === undefined ? {} : { keysCount }),
    ...(valueSizeBytes === undefined ? {} : { valueSizeBytes }),
    ...(weights === undefined ? {} : { weights }),
  };
}

function drawSizeBounds(rng: Rng): SizeBounds {
  const a = rng.pick(SIZE_LADDER_BYTES);
  const b = rng.pick(SIZE_LADDER_BYTES);
  return { minBytes: Math.min(a, b), maxBytes: Math.max(a, b) };
}

function drawWeights(rng: Rng, mix: OperationMix): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const [kind] of mix) weights[kind] = rng.pick(WEIGHTS);
  // Every kind switched off would leave nothing to run: one comes back at its default share.
  if (Object.values(weights).every((weight) => weight === 0)) weights[(rng.pick(mix) as readonly [string, number])[0]] = 1;
  return weights;
}
