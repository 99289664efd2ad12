import type { Codec, IndexedWal } from '../../src/wal/index.js';
import { type OperationMix, type Rng, type WorkloadSize, boundValueSize, mixRoll } from '../../sim/index.js';
import { arrayOf, guard, isCount, tagged } from '../support/shape.js';

/**
 * The operations of the `wal` scenario, the entries its appends write, and the system they run
 * against.
 */

/**
 * The entries the wal scenario writes. Each names the operation that appended it and its position
 * in that append, so an entry found at the wrong index, twice, or out of nowhere is recognized.
 * Padding varies the size so that frames straddle sectors and torn writes have room to tear.
 */
export interface WalEntry {
  readonly opId: number;
  readonly part: number;
  readonly paddingBytes: number;
}

const PATTERN = /^op(\d+)\.(\d+)\|(-*)$/;

export const walEntryCodec: Codec<WalEntry> = {
  encode: (entry) => new TextEncoder().encode(`op${entry.opId}.${entry.part}|${'-'.repeat(entry.paddingBytes)}`),
  decode: (bytes) => {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const match = PATTERN.exec(text);
    if (match === null) throw new Error(`walEntryCodec: not a wal scenario entry: ${JSON.stringify(text.slice(0, 40))}`);
    return { opId: Number(match[1]), part: Number(match[2]), paddingBytes: (match[3] as string).length };
  },
};

export function entryKey(entry: WalEntry): string {
  return `v${entry.opId}.${entry.part}`;
}

export type WalSystem = IndexedWal<WalEntry>;

/** The log's directory under the scenario's root. */
export const WAL_DIR = 'wal';

export type WalOperation =
  | { readonly kind: 'append'; readonly opId: number; readonly paddings: readonly number[] }
  /** Keep the newest `keep` entries (clamped to what exists). */
  | { readonly kind: 'truncateFront'; readonly keep: number }
  /** Drop the newest `drop` entries (clamped). */
  | { readonly kind: 'truncateBack'; readonly drop: number }
  | { readonly kind: 'truncateAll' };

export type WalResult = { readonly first: number; readonly last: number } | { readonly index: number };

/** The bands of the roll below, for swarm's operation mix (sim/swarm). */
export const WAL_MIX: OperationMix = [['append', 0.7], ['truncateFront', 0.84], ['truncateBack', 0.94], ['truncateAll', 1]];

export function generateWalWorkload(rng: Rng, size: WorkloadSize): WalOperation[][] {
  const programs: WalOperation[][] = Array.from({ length: size.clientsCount }, () => []);
  let opId = 0;
  for (let i = 0; i < size.operationsCount; i++) {
    const roll = mixRoll(rng, size, WAL_MIX);
    let operation: WalOperation;
    if (roll < 0.7) {
      const count = 1 + rng.int(rng.chance(0.2) ? 8 : 3);
      operation = { kind: 'append', opId: opId++, paddings: Array.from({ length: count }, () => boundValueSize(size, rng.int(rng.chance(0.2) ? 600 : 120))) };
    } else if (roll < 0.84) {
      operation = { kind: 'truncateFront', keep: rng.int(6) };
    } else if (roll < 0.94) {
      operation = { kind: 'truncateBack', drop: 1 + rng.int(4) };
    } else {
      operation = { kind: 'truncateAll' };
    }
    (programs[rng.int(size.clientsCount)] as WalOperation[]).push(operation);
  }
  return programs;
}

export async function applyWalOperation(wal: WalSystem, operation: WalOperation): Promise<WalResult> {
  switch (operation.kind) {
    case 'append': {
      const entries = operation.paddings.map((paddingBytes, part) => ({ opId: operation.opId, part, paddingBytes }));
      return wal.append(entries);
    }
    case 'truncateFront': {
      const index = Math.max(wal.firstIndex, wal.nextIndex - operation.keep);
      await wal.log.truncateFront(index);
      return { index };
    }
    case 'truncateBack': {
      const index = Math.max(wal.firstIndex - 1, wal.nextIndex - 1 - operation.drop);
      await wal.log.truncateBack(index);
      return { index };
    }
    case 'truncateAll': {
      await wal.truncateAll();
      // The index it truncated to was decided under the log's lock; this is only a lower bound.
      return { index: wal.firstIndex };
    }
  }
}

export function describeWalOperation(operation: WalOperation): string {
  switch (operation.kind) {
    case 'append':
      return `append v${operation.opId} x${operation.paddings.length}`;
    case 'truncateFront':
      return `truncateFront keep=${operation.keep}`;
    case 'truncateBack':
      return `truncateBack drop=${operation.drop}`;
    case 'truncateAll':
      return 'truncateAll';
  }
}

/** Whether a value is a WalOperation (a replayed report's workload is checked with it). */
export const isWalOperation = guard<WalOperation>(tagged({
  append: { opId: isCount, paddings: arrayOf(isCount) },
  truncateFront: { keep: isCount },
  truncateBack: { drop: isCount },
  truncateAll: {},
}));
