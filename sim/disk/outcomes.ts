import type { Rng } from '../rng.js';
import { writeExtends } from './nodes.js';
import type { PendingOp, WriteOp } from './nodes.js';

/**
 * What a crash may do to ONE pending operation. A write's sectors reach the disk independently
 * (any subset); which version of each sector a crash state holds, and which size, follow from the
 * outcomes of all of a file's operations together (see crash-data.ts), so that a sector only ever
 * holds a version the page cache held.
 *
 * Two sets of rules for data: `posix` (any subset of sectors; an extending write may persist its
 * size with zeros or stale bytes where its sectors were not written) and `ordered` (ext4
 * data=ordered: the part of a write beyond the old size appears as a prefix of whole sectors, since
 * the size is committed only over written data, and never with zeros or stale bytes).
 */
export type Outcome =
  | { readonly kind: 'keep' }
  | { readonly kind: 'drop' }
  /**
   * Only the sectors flagged in `sectors` (one byte per sector of the write, 1 = reached) reached
   * the disk, and the file's size grew to cover the write's first `sizeSectors` sectors (never
   * less than the last kept one: unwritten sectors below the new size read as zeros); 0: the
   * size did not change at all.
   */
  | { readonly kind: 'torn'; readonly sectors: Uint8Array; readonly sizeSectors: number }
  /** An extending write whose new size persisted but none of its data: the new bytes read as zeros. */
  | { readonly kind: 'size-only-zeros' }
  /** As size-only-zeros, but the new bytes are stale garbage. */
  | { readonly kind: 'size-only-garbage' };

export type DataRules = 'posix' | 'ordered';

/**
 * The rules for one operation: a file's, or `ordered-inside` for an ext4 write that may not grow
 * the file in this crash (its size would be journalled after name operations the crash lost), so
 * only its sectors inside the old size may reach the disk.
 */
export type OpRules = DataRules | 'ordered-inside';

export const KEEP: Outcome = { kind: 'keep' };
export const DROP: Outcome = { kind: 'drop' };
const SIZE_ONLY_ZEROS: Outcome = { kind: 'size-only-zeros' };
const SIZE_ONLY_GARBAGE: Outcome = { kind: 'size-only-garbage' };
const KEEP_OR_DROP: readonly Outcome[] = [KEEP, DROP];

/**
 * Writes over at most this many sectors list every subset; longer ones list the prefix and suffix
 * shapes plus seeded subsets (the list is then incomplete: exhaustive mode says it was truncated).
 * Random draws always reach every subset.
 */
export const TORN_SUBSETS_SECTORS_MAX = 8;

/** The natural size of a tear: up to the last kept sector. */
function naturalSizeSectors(sectors: Uint8Array): number {
  return sectors.lastIndexOf(1) + 1;
}

/** `sizeSectors` 0: the size does not change, even if a kept sector reaches past it. */
function torn(sectors: Uint8Array, sizeSectors = naturalSizeSectors(sectors)): Outcome {
  return { kind: 'torn', sectors, sizeSectors };
}
const SEEDED_SUBSETS_COUNT = 16;

/** The sector span of a write, by absolute file offset. */
export function sectorsOf(op: WriteOp, sectorSizeBytes: number): { first: number; count: number } {
  const first = Math.floor(op.offset / sectorSizeBytes);
  const last = Math.floor((op.offset + op.bytes.length - 1) / sectorSizeBytes);
  return { first, count: last - first + 1 };
}

/** How many of a write's sectors start inside the size the file had just before it. */
function sectorsInside(op: WriteOp, sectorSizeBytes: number): number {
  const { first, count } = sectorsOf(op, sectorSizeBytes);
  let inside = 0;
  for (let index = 0; index < count; index++) {
    if (Math.max(op.offset, (first + index) * sectorSizeBytes) < op.sizeBefore) inside++;
  }
  return inside;
}

function flags(count: number, kept: (index: number) => boolean): Uint8Array {
  const sectors = new Uint8Array(count);
  for (let index = 0; index < count; index++) sectors[index] = kept(index) ? 1 : 0;
  return sectors;
}

/** A tiny deterministic generator, so the seeded subsets of a long write never change. */
function seededFlags(count: number, round: number): Uint8Array {
  let x = Math.imul(count + 0x9e3779b9, round + 0x85ebca6b) | 1;
  return flags(count, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x & 1) === 1;
  });
}

/** The subsets a write's listing holds: shapes first (what a truncated walk reaches first), then the rest. */
function listedSubsets(count: number): Uint8Array[] {
  const subsets: Uint8Array[] = [];
  for (let kept = 1; kept < count; kept++) subsets.push(flags(count, (i) => i < kept));
  for (let kept = 1; kept < count; kept++) subsets.push(flags(count, (i) => i >= count - kept));
  const known = new Set(subsets.map((sectors) => sectors.join('')));
  const add = (sectors: Uint8Array): void => {
    const key = sectors.join('');
    if (known.has(key) || !sectors.includes(0) || !sectors.includes(1)) return;
    known.add(key);
    subsets.push(sectors);
  };
  if (count <= TORN_SUBSETS_SECTORS_MAX) {
    for (let mask = 1; mask < (1 << count) - 1; mask++) add(flags(count, (i) => (mask & (1 << i)) !== 0));
  } else {
    for (let round = 0; round < SEEDED_SUBSETS_COUNT; round++) add(seededFlags(count, round));
  }
  return subsets;
}

/** The first sector of a write whose end lies beyond the size the file had before it. */
function firstGrowingSector(op: WriteOp, sectorSizeBytes: number): number {
  const { first, count } = sectorsOf(op, sectorSizeBytes);
  for (let index = 0; index < count; index++) if ((first + index + 1) * sectorSizeBytes > op.sizeBefore) return index;
  return count;
}

function posixOutcomes(count: number, growingFrom: number | null): Outcome[] {
  const outcomes: Outcome[] = [KEEP, DROP];
  if (growingFrom !== null) outcomes.push(SIZE_ONLY_ZEROS, SIZE_ONLY_GARBAGE);
  const subsets = listedSubsets(count);
  for (const sectors of subsets) outcomes.push(torn(sectors));
  if (growingFrom === null) return outcomes;
  // An extending write's size may persist past its last written sector, up to any sector's end.
  for (const sectors of [new Uint8Array(count), ...subsets]) {
    for (let size = Math.max(naturalSizeSectors(sectors), growingFrom) + 1; size <= count; size++) {
      if (size === count && !sectors.includes(1)) continue; // size-only-zeros, listed above
      outcomes.push(torn(sectors, size));
    }
  }
  return outcomes;
}

/**
 * How many leading entries of a write's listing are its shapes (keep, drop, size only, prefixes,
 * suffixes): an exhaustive walk tries every combination of shapes before the other subsets.
 */
export function shapesCount(op: PendingOp, sectorSizeBytes: number): number {
  if (op.kind !== 'write') return 2;
  return 4 + 2 * (sectorsOf(op, sectorSizeBytes).count - 1);
}

/** ext4 data=ordered: any subset of the sectors inside the old size, times a prefix of those beyond. */
function orderedOutcomes(count: number, inside: number): Outcome[] {
  const outcomes: Outcome[] = [KEEP, DROP];
  const insideSubsets = inside === 0 ? [] : [flags(inside, () => false), flags(inside, () => true), ...listedSubsets(inside)];
  const insideChoices = inside === 0 ? [new Uint8Array(0)] : insideSubsets;
  for (const insideKept of insideChoices) {
    for (let beyondKept = 0; beyondKept <= count - inside; beyondKept++) {
      const sectors = flags(count, (i) => (i < inside ? insideKept[i] === 1 : i - inside < beyondKept));
      if (!sectors.includes(0) || !sectors.includes(1)) continue;
      outcomes.push(torn(sectors));
    }
  }
  return outcomes;
}

/** ext4, a write that may not grow the file: any subset of its sectors inside the old size, the size unchanged. */
function orderedInsideOutcomes(count: number, inside: number): Outcome[] {
  const outcomes: Outcome[] = [DROP];
  if (inside === 0) return outcomes;
  for (const insideKept of [flags(inside, () => true), ...listedSubsets(inside)]) {
    outcomes.push(torn(flags(count, (i) => i < inside && insideKept[i] === 1), 0));
  }
  return outcomes;
}

const listings = new Map<string, readonly Outcome[]>();

/**
 * Every outcome of `op` the exhaustive walk tries, KEEP first and DROP second (shared lists: an
 * outcome is told apart by identity). Complete unless `listingComplete` says otherwise.
 */
export function outcomesOf(op: PendingOp, sectorSizeBytes: number, given: OpRules = 'posix'): readonly Outcome[] {
  if (op.kind !== 'write') return KEEP_OR_DROP;
  const rules = given === 'ordered-inside' && !writeExtends(op) ? 'ordered' : given;
  const { count } = sectorsOf(op, sectorSizeBytes);
  const inside = rules === 'posix' ? 0 : sectorsInside(op, sectorSizeBytes);
  const growingFrom = rules === 'posix' && writeExtends(op) ? firstGrowingSector(op, sectorSizeBytes) : null;
  const key = `${rules}/${count}/${inside}/${String(growingFrom)}`;
  let outcomes = listings.get(key);
  if (outcomes === undefined) {
    if (rules === 'ordered-inside') outcomes = orderedInsideOutcomes(count, inside);
    else outcomes = rules === 'ordered' ? orderedOutcomes(count, inside) : posixOutcomes(count, growingFrom);
    listings.set(key, outcomes);
  }
  return outcomes;
}

/** False when `outcomesOf(op)` leaves some of its legal outcomes out (a write over many sectors). */
export function listingComplete(op: PendingOp, sectorSizeBytes: number, rules: OpRules = 'posix'): boolean {
  if (op.kind !== 'write') return true;
  const { count } = sectorsOf(op, sectorSizeBytes);
  const torn = rules === 'posix' ? count : sectorsInside(op, sectorSizeBytes);
  return torn <= TORN_SUBSETS_SECTORS_MAX;
}

/** Keeps a drawn tear's canonical name when it has one (every sector: keep; none and no growth: drop). */
function normalized(sectors: Uint8Array, sizeSectors: number): Outcome {
  const count = sectors.length;
  if (!sectors.includes(0)) return KEEP;
  if (!sectors.includes(1)) return sizeSectors === count ? SIZE_ONLY_ZEROS : sizeSectors === 0 ? DROP : torn(sectors, sizeSectors);
  return torn(sectors, sizeSectors);
}

/** A random proper subset of `count` sectors (some kept, some not), every one reachable. */
function properSubset(count: number, rng: Rng, allowed: (index: number) => boolean = () => true): Uint8Array {
  const sectors = flags(count, (i) => allowed(i) && rng.chance(0.5));
  if (!sectors.includes(1)) sectors[rng.int(count)] = 1;
  else if (!sectors.includes(0)) sectors[rng.int(count)] = 0;
  return sectors;
}

/**
 * A seeded draw over every legal outcome of `op` (not only the listed ones): keep about 1/3, drop
 * about 1/3; the last third is spread over what makes crash bugs show: for an extending posix
 * write, its size without its data (zeros or stale bytes), a tear, and a tear whose size grew past
 * its last written sector; otherwise a tear.
 */
export function pickOutcome(op: PendingOp, rng: Rng, sectorSizeBytes: number, given: OpRules = 'posix'): Outcome {
  const draw = rng.float();
  if (op.kind !== 'write') return draw < 0.5 ? KEEP : DROP;
  const rules = given === 'ordered-inside' && !writeExtends(op) ? 'ordered' : given;
  if (rules === 'ordered-inside') {
    const inside = sectorsInside(op, sectorSizeBytes);
    const sectors = flags(sectorsOf(op, sectorSizeBytes).count, (i) => i < inside && draw >= 1 / 3 && rng.chance(0.5));
    return sectors.includes(1) ? torn(sectors, 0) : DROP;
  }
  if (draw < 1 / 3) return KEEP;
  if (draw < 2 / 3) return DROP;
  const rest = (draw - 2 / 3) * 3;
  const { count } = sectorsOf(op, sectorSizeBytes);
  const extending = rules === 'posix' && writeExtends(op);
  if (extending && (count === 1 || rest < 1 / 3)) return rng.chance(0.5) ? SIZE_ONLY_ZEROS : SIZE_ONLY_GARBAGE;
  if (count === 1) return rng.chance(0.5) ? KEEP : DROP;
  if (rules === 'ordered') {
    const inside = sectorsInside(op, sectorSizeBytes);
    const beyondKept = rng.int(count - inside + 1);
    const sectors = flags(count, (i) => (i < inside ? rng.chance(0.5) : i - inside < beyondKept));
    return normalized(sectors, naturalSizeSectors(sectors));
  }
  const sectors = properSubset(count, rng);
  const natural = naturalSizeSectors(sectors);
  const floor = extending ? Math.max(natural, firstGrowingSector(op, sectorSizeBytes)) : count;
  const grows = floor < count && rest >= 2 / 3;
  return normalized(sectors, grows ? floor + 1 + rng.int(count - floor) : natural);
}

/** What an outcome did, in words, for a crash's story. */
export function describeOutcome(op: PendingOp, outcome: Outcome, sectorSizeBytes: number): string {
  switch (outcome.kind) {
    case 'keep':
      return 'survived';
    case 'drop':
      return 'lost';
    case 'torn': {
      const count = op.kind === 'write' ? sectorsOf(op, sectorSizeBytes).count : 0;
      const kept = Array.from({ length: count }, (_, i) => i).filter((i) => outcome.sectors[i] === 1);
      const grown = outcome.sizeSectors > naturalSizeSectors(outcome.sectors);
      const size = grown
        ? `; the size grew over ${outcome.sizeSectors} of them, the unwritten ones read as zeros`
        : outcome.sizeSectors === 0
          ? '; the size did not change'
          : '';
      return `torn: sector${kept.length === 1 ? '' : 's'} ${kept.join(', ')} of ${count} reached the disk${size}`;
    }
    case 'size-only-zeros':
      return 'size only: the file grew, the new bytes read as zeros';
    case 'size-only-garbage':
      return 'size only: the file grew, the new bytes are stale garbage';
  }
}

/**
 * Stale bytes that an extending write may expose. A pure function of the operation's seq and the
 * byte's file offset, so a state reproduces byte for byte.
 */
export function garbageByte(seq: number, position: number): number {
  let x = Math.imul(seq + 0x9e3779b9, 0x85ebca6b) ^ Math.imul(position + 0x7f4a7c15, 0xc2b2ae35);
  x ^= x >>> 15;
  x = Math.imul(x, 0x2c1b3c6d);
  x ^= x >>> 13;
  return x & 0xff;
}
