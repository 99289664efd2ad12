import type { Rng } from '../rng.js';
import type { ByteBuffer } from './bytes.js';
import { applyDataOp, writeExtends } from './nodes.js';
import type { DataOp, PendingOp, WriteOp } from './nodes.js';

/**
 * What a crash may do to ONE pending operation under the `posix` profile. Random mode and
 * exhaustive mode both draw from `outcomesOf`, so random mode can only produce states that
 * exhaustive mode enumerates.
 */
export type Outcome =
  | { readonly kind: 'keep' }
  | { readonly kind: 'drop' }
  /** Only the sectors whose bit is set in `mask` (bit i = the write's i-th sector) reached the disk. */
  | { readonly kind: 'torn'; readonly mask: number }
  /** Only the first `count` sectors reached the disk (writes of more than 4 sectors). */
  | { readonly kind: 'torn-prefix'; readonly count: number }
  /** Only the last `count` sectors reached the disk (writes of more than 4 sectors). */
  | { readonly kind: 'torn-suffix'; readonly count: number }
  /** An extending write whose new size persisted but not its data: the new bytes read as zeros. */
  | { readonly kind: 'size-only-zeros' }
  /** As size-only-zeros, but the new bytes are stale garbage. */
  | { readonly kind: 'size-only-garbage' };

export const KEEP: Outcome = { kind: 'keep' };
export const DROP: Outcome = { kind: 'drop' };
const SIZE_ONLY_ZEROS: Outcome = { kind: 'size-only-zeros' };
const SIZE_ONLY_GARBAGE: Outcome = { kind: 'size-only-garbage' };
const KEEP_OR_DROP: readonly Outcome[] = [KEEP, DROP];

/** Writes over at most this many sectors tear into every subset; longer ones into prefixes and suffixes. */
const TORN_SUBSETS_SECTORS_MAX = 4;

/** The sector span of a write, by absolute file offset. */
function sectorsOf(op: WriteOp, sectorSizeBytes: number): { first: number; count: number } {
  const first = Math.floor(op.offset / sectorSizeBytes);
  const last = Math.floor((op.offset + op.bytes.length - 1) / sectorSizeBytes);
  return { first, count: last - first + 1 };
}

/** Every legal outcome of `op`, KEEP first and DROP second. */
export function outcomesOf(op: PendingOp, sectorSizeBytes: number): readonly Outcome[] {
  if (op.kind !== 'write') return KEEP_OR_DROP;
  const outcomes: Outcome[] = [KEEP, DROP];
  const { count } = sectorsOf(op, sectorSizeBytes);
  if (count <= TORN_SUBSETS_SECTORS_MAX) {
    const all = (1 << count) - 1;
    for (let mask = 1; mask < all; mask++) outcomes.push({ kind: 'torn', mask });
  } else {
    for (let kept = 1; kept < count; kept++) outcomes.push({ kind: 'torn-prefix', count: kept });
    for (let kept = 1; kept < count; kept++) outcomes.push({ kind: 'torn-suffix', count: kept });
  }
  if (writeExtends(op)) outcomes.push(SIZE_ONLY_ZEROS, SIZE_ONLY_GARBAGE);
  return outcomes;
}

/** What an outcome did, in words, for a crash's story. */
export function describeOutcome(op: PendingOp, outcome: Outcome, sectorSizeBytes: number): string {
  switch (outcome.kind) {
    case 'keep':
      return 'survived';
    case 'drop':
      return 'lost';
    case 'torn':
    case 'torn-prefix':
    case 'torn-suffix':
      return describeTorn(op, outcome, sectorSizeBytes);
    case 'size-only-zeros':
      return 'size only: the file grew, the new bytes read as zeros';
    case 'size-only-garbage':
      return 'size only: the file grew, the new bytes are stale garbage';
  }
}

/**
 * Every torn outcome names the sectors that reached the disk and how many the write spans, in one
 * form (`torn: sectors 0, 1 of 6 reached the disk`), so that a reader, or the HTML report, can
 * tell exactly which parts of the write survived.
 */
function describeTorn(op: PendingOp, outcome: Outcome, sectorSizeBytes: number): string {
  const { count } = op.kind === 'write' ? sectorsOf(op, sectorSizeBytes) : { count: 0 };
  const kept = Array.from({ length: count }, (_, i) => i).filter((i) => sectorKept(outcome, i, count));
  return `torn: sector${kept.length === 1 ? '' : 's'} ${kept.join(', ')} of ${count} reached the disk`;
}

/** A seeded draw: keep about 1/3, drop about 1/3, the rest spread evenly over the other outcomes. */
export function pickOutcome(outcomes: readonly Outcome[], rng: Rng): Outcome {
  const draw = rng.float();
  if (outcomes.length <= 2) return draw < 0.5 ? KEEP : DROP;
  if (draw < 1 / 3) return KEEP;
  if (draw < 2 / 3) return DROP;
  const others = outcomes.length - 2;
  const index = Math.min(others - 1, Math.floor((draw - 2 / 3) * 3 * others));
  return outcomes[2 + index] as Outcome;
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

function sectorKept(outcome: Outcome, index: number, count: number): boolean {
  switch (outcome.kind) {
    case 'torn':
      return (outcome.mask & (1 << index)) !== 0;
    case 'torn-prefix':
      return index < outcome.count;
    case 'torn-suffix':
      return index >= count - outcome.count;
    default:
      return false;
  }
}

/** Applies `outcome` of a data operation to a crash image's version of the file. */
export function applyDataOutcome(op: DataOp, outcome: Outcome, target: ByteBuffer, sectorSizeBytes: number): void {
  if (outcome.kind === 'drop') return;
  if (outcome.kind === 'keep' || op.kind === 'truncate') {
    applyDataOp(op, target);
    return;
  }
  const end = op.offset + op.bytes.length;
  if (outcome.kind === 'size-only-zeros' || outcome.kind === 'size-only-garbage') {
    const oldSize = target.size;
    if (end <= oldSize) return;
    target.truncate(end);
    if (outcome.kind === 'size-only-garbage') target.fillWith(Math.max(oldSize, op.offset), end, (position) => garbageByte(op.seq, position));
    return;
  }
  // Torn: each kept sector carries its part of the write; the size grows to the last byte written.
  const { first, count } = sectorsOf(op, sectorSizeBytes);
  for (let index = 0; index < count; index++) {
    if (!sectorKept(outcome, index, count)) continue;
    const from = Math.max(op.offset, (first + index) * sectorSizeBytes);
    const to = Math.min(end, (first + index + 1) * sectorSizeBytes);
    target.write(from, op.bytes.subarray(from - op.offset, to - op.offset));
  }
}
