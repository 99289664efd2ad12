import { basename, dirname, join } from '../src/fs/path.js';
import type { FileSystem } from '../src/fs/types.js';
import { openIndexedWal } from '../src/wal/indexed-wal.js';
import type { IndexedWal } from '../src/wal/indexed-wal.js';
import type { InjectedFault, OperationRecord, Scenario, SystemFactory, Violation } from '../sim/scenario.js';
import { parseSegmentName } from '../src/wal/segment-names.js';
import type { Rng } from '../sim/rng.js';
import { isCorruptionReport } from '../sim/faults/corruption.js';
import { entryKey, walEntryCodec } from './wal-entry.js';
import type { WalEntry } from './wal-entry.js';

/**
 * The write-ahead log under concurrent appends and truncations at both ends, crashed anywhere.
 * After recovery: replay is contiguous and succeeds; every acknowledged append is present and
 * unchanged at the indices it was given, unless a truncation that might have run after it removed
 * it; nothing phantom; no entry at a wrong index or twice; the index counter never goes back.
 */

export type WalSystem = IndexedWal<WalEntry>;

export type WalOperation =
  | { readonly kind: 'append'; readonly opId: number; readonly paddings: readonly number[] }
  /** Keep the newest `keep` entries (clamped to what exists). */
  | { readonly kind: 'truncateFront'; readonly keep: number }
  /** Drop the newest `drop` entries (clamped). */
  | { readonly kind: 'truncateBack'; readonly drop: number }
  | { readonly kind: 'truncateAll' };

export type WalResult = { readonly first: number; readonly last: number } | { readonly index: number };

/** Small segments, so workloads roll, seal and remove segments often. */
export const WAL_SEGMENT_SIZE_BYTES = 200;

export const openWalSystem: SystemFactory<WalSystem> = (fs: FileSystem, root: string) =>
  openIndexedWal(fs, join(root, 'wal'), walEntryCodec, { segmentSizeBytes: WAL_SEGMENT_SIZE_BYTES });

function generate(rng: Rng, size: { clientsCount: number; operationsCount: number }): WalOperation[][] {
  const programs: WalOperation[][] = Array.from({ length: size.clientsCount }, () => []);
  let opId = 0;
  for (let i = 0; i < size.operationsCount; i++) {
    const roll = rng.float();
    let operation: WalOperation;
    if (roll < 0.7) {
      const count = 1 + rng.int(rng.chance(0.2) ? 8 : 3);
      operation = { kind: 'append', opId: opId++, paddings: Array.from({ length: count }, () => rng.int(rng.chance(0.2) ? 600 : 120)) };
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

async function apply(wal: WalSystem, operation: WalOperation): Promise<WalResult> {
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

function describe(operation: WalOperation): string {
  switch (operation.kind) {
    case 'append':
      return `append op${operation.opId} x${operation.paddings.length}`;
    case 'truncateFront':
      return `truncateFront keep=${operation.keep}`;
    case 'truncateBack':
      return `truncateBack drop=${operation.drop}`;
    case 'truncateAll':
      return 'truncateAll';
  }
}

export const walScenario: Scenario<WalSystem, WalOperation, WalResult> = {
  name: 'wal',
  description: 'segment log + IndexedWal: concurrent appends, truncations at both ends; replay contiguous, acknowledged entries kept',
  defaultFactory: openWalSystem,
  generate,
  apply,
  close: (wal) => wal.close(),
  check: async ({ history, recovered, fs, root, injected }) => {
    const violations: Violation[] = [];
    // Bit flips (--faults bitflip) destroy entries: the log must refuse them (a corruption error)
    // or drop them, never replay altered ones; it may drop acknowledged ones only where it cannot
    // tell the damage from a torn tail (see `BitflipDamage`).
    const flips = (injected ?? []).filter((fault) => fault.fault === 'bitflip' && fault.path.startsWith(`${join(root, 'wal')}/`));
    const flipped = flips.length > 0;
    let values: WalEntry[];
    try {
      values = await recovered.readAll();
    } catch (error) {
      if (flipped && isCorruptionReport(error)) return [];
      return [{ invariant: 'contiguous-replay', message: `replay failed: ${error instanceof Error ? error.message : String(error)}` }];
    }
    const newest = await flipsInNewestSegments(fs, flips, join(root, 'wal'));
    const bits = newest.reduce((count, fault) => count + flippedBitsCount(fault.detail), 0);
    const damage: BitflipDamage = bits === 0 ? 'none' : bits === 1 ? 'one-bit' : 'many-bits';
    violations.push(...checkWalHistory(history, recovered.firstIndex, values, damage));
    const leftovers = (await fs.readdir(join(root, 'wal'))).filter((name) => name.endsWith('.tmp'));
    if (leftovers.length > 0) violations.push({ invariant: 'no-leaks', message: `temp files left after recovery: ${leftovers.join(', ')}` });
    return violations;
  },
  describe,
};

type WalRecord = OperationRecord<WalOperation, WalResult>;

/**
 * How much a bit flip damaged the log's files. A flip can destroy an acknowledged entry of the
 * newest segment, and the log cuts it as a torn tail unless an intact frame written after that
 * entry was durable records so (the durable watermark, src/wal/frame-format.ts). Only flips in
 * the newest segment count (see `flipsInNewestSegments`); by how many bits they flipped:
 * - 'one-bit': one frame is damaged. An acknowledged entry may be lost only when no append that
 *   was invoked after its acknowledgement was itself acknowledged and may still be on disk (not
 *   covered by a truncation): such an append's frames would be intact witnesses, and the log must
 *   then refuse to open instead.
 * - 'many-bits': the witnesses may be damaged too; losing acknowledged entries is no violation.
 */
export type BitflipDamage = 'none' | 'one-bit' | 'many-bits';

/**
 * The bit flips under `dir` that may have cost a segment log acknowledged entries silently: flips
 * in a segment with no newer segment beside it on the recovered disk. A flip anywhere else in a
 * log (a sealed segment, the first-index record) makes it refuse to open instead. A flipped
 * segment that is gone after recovery counts too: it cannot be judged any more (the log may have
 * cut it empty and the store's startup then truncated it away and appended past it).
 */
export async function flipsInNewestSegments(fs: FileSystem, injected: readonly InjectedFault[], dir: string): Promise<InjectedFault[]> {
  const found: InjectedFault[] = [];
  for (const fault of injected) {
    if (fault.fault !== 'bitflip' || !fault.path.startsWith(`${dir}/`)) continue;
    const start = parseSegmentName(basename(fault.path));
    if (start === undefined) continue;
    let siblings: string[];
    try {
      siblings = await fs.readdir(dirname(fault.path));
    } catch {
      siblings = [];
    }
    if (!siblings.includes(basename(fault.path)) || !siblings.some((sibling) => (parseSegmentName(sibling) ?? 0) > start)) found.push(fault);
  }
  return found;
}

/** How many bits a bitflip fault's detail (`flipped bits 3, 17 (byte ...)`) reports. */
export function flippedBitsCount(detail: string): number {
  const listed = /flipped bits? ([\d, ]+)/.exec(detail)?.[1];
  // Unparseable: assume the worst case for the check (several frames damaged).
  return listed === undefined ? Number.POSITIVE_INFINITY : listed.split(',').filter((bit) => bit.trim() !== '').length;
}

/**
 * The history check, separate from the scenario so that hand-built histories can test it.
 * `first` is the recovered first index and `values` the replay from there.
 */
export function checkWalHistory(history: readonly WalRecord[], first: number, values: readonly WalEntry[], damage: BitflipDamage = 'none'): Violation[] {
  const violations: Violation[] = [];
  const last = first + values.length - 1;
  const appends = new Map<number, WalRecord>();
  for (const record of history) if (record.operation.kind === 'append') appends.set(record.operation.opId, record);

  // What is at each index: known entries, at the index their append was given, once each.
  const seen = new Set<string>();
  values.forEach((value, position) => {
    const index = first + position;
    const record = appends.get(value.opId);
    const operation = record?.operation;
    if (record === undefined || operation?.kind !== 'append' || value.part >= operation.paddings.length || operation.paddings[value.part] !== value.paddingBytes) {
      violations.push({ invariant: 'no-phantom', message: `index ${index} holds ${entryKey(value)}, which no append wrote` });
      return;
    }
    const key = entryKey(value);
    if (seen.has(key)) violations.push({ invariant: 'no-duplicate', message: `${key} is replayed twice (again at index ${index})` });
    seen.add(key);
    const outcome = record.outcome;
    if (outcome.kind === 'ok' && 'first' in outcome.value && outcome.value.first + value.part !== index) {
      violations.push({
        invariant: 'index-stable',
        message: `${key} was acknowledged at index ${outcome.value.first + value.part} but is replayed at index ${index}`,
      });
    }
  });

  // Acknowledged appends: each entry present and unchanged unless a truncation may have removed it.
  for (const record of appends.values()) {
    if (record.outcome.kind !== 'ok' || !('first' in record.outcome.value)) continue;
    const acknowledged = record.outcome.value;
    for (let index = acknowledged.first; index <= acknowledged.last; index++) {
      const key = `op${record.operation.kind === 'append' ? record.operation.opId : -1}.${index - acknowledged.first}`;
      const found = index >= first && index <= last ? values[index - first] : undefined;
      if (found !== undefined && entryKey(found) === key) continue;
      const excuse = index < first ? frontTruncationCovering(history, record, index) : backTruncationCovering(history, record, index);
      if (excuse || damage === 'many-bits' || (damage === 'one-bit' && !witnessed(history, appends, record))) continue;
      const held = last < first ? `no entry at all, from first index ${first}` : `indices ${first}..${last}`;
      const where = found === undefined ? `missing; the replay holds ${held}` : `replaced by ${entryKey(found)}`;
      violations.push({ invariant: 'acknowledged-durability', message: `${key}, acknowledged at index ${index} by ${describeRecord(record)}, is ${where}` });
    }
  }
  return violations;
}

/**
 * Whether an acknowledged append invoked after `append` was acknowledged may still be on disk: its
 * frames then record a watermark covering `append`'s entries, so damage to those is detectable.
 */
function witnessed(history: readonly WalRecord[], appends: ReadonlyMap<number, WalRecord>, append: WalRecord): boolean {
  const acknowledgedAt = append.completedAtStep;
  if (acknowledgedAt === null) return false;
  for (const later of appends.values()) {
    // A client runs its operations one after another: its later ones follow the acknowledgement.
    const afterAcknowledgement = later.invokedAtStep > acknowledgedAt || (later.client === append.client && later.id > append.id);
    if (!afterAcknowledgement || later.outcome.kind !== 'ok' || !('first' in later.outcome.value)) continue;
    const { first, last } = later.outcome.value;
    if (last < first) continue;
    // Its last entry is the one most likely to survive any truncation.
    if (!frontTruncationCovering(history, later, last) && !backTruncationCovering(history, later, last)) return true;
  }
  return false;
}

/** Whether an operation might have taken effect after `append` was given its indices. */
function notBefore(record: WalRecord, append: WalRecord): boolean {
  return record.completedAtStep === null || record.completedAtStep > append.invokedAtStep || record.outcome.kind !== 'ok';
}

/** A front truncation (or truncate-all) that may have removed `index` of `append`. */
function frontTruncationCovering(history: readonly WalRecord[], append: WalRecord, index: number): boolean {
  return history.some((record) => {
    const kind = record.operation.kind;
    if ((kind !== 'truncateFront' && kind !== 'truncateAll') || !notBefore(record, append)) return false;
    // truncateAll removes whatever was appended before it ran: its index is not known in advance.
    if (kind === 'truncateAll' || record.outcome.kind !== 'ok' || !('index' in record.outcome.value)) return true;
    return record.outcome.value.index > index;
  });
}

/** A back truncation that may have removed `index` of `append` (its index may then be reused). */
function backTruncationCovering(history: readonly WalRecord[], append: WalRecord, index: number): boolean {
  return history.some((record) => {
    if (record.operation.kind !== 'truncateBack' || !notBefore(record, append)) return false;
    if (record.outcome.kind !== 'ok' || !('index' in record.outcome.value)) return true;
    return record.outcome.value.index < index;
  });
}

function describeRecord(record: WalRecord): string {
  return `#${record.id} (${describe(record.operation)}, client ${record.client})`;
}
