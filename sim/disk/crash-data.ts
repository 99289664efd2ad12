import type { ByteBuffer } from './bytes.js';
import { applyDataOp } from './nodes.js';
import type { DataOp } from './nodes.js';
import { garbageByte, sectorsOf } from './outcomes.js';
import type { DataRules, Outcome } from './outcomes.js';

/**
 * A file's contents after a crash, from the outcomes of its pending data operations.
 *
 * A disk writes whole sectors, and what it writes is the page cache's copy of the sector at that
 * moment. So each sector of the post-crash file holds one version the page cache held: its durable
 * version, or its version right after the latest operation whose outcome reached that sector (a
 * kept later write carries the earlier writes of the same sector with it; a dropped later write
 * leaves the sector as the earlier one made it). The size is the size after the latest operation
 * whose size reached the disk. Under `ordered` rules the size never covers a sector beyond the
 * durable size that a write filled but the disk never got: ext4 commits the size over written
 * data only.
 */

/** The data operations of one file, in seq order, with what a crash did to each (drops included). */
export interface ReachedData {
  readonly ops: DataOp[];
  readonly outcomes: Outcome[];
}

/** Where a post-crash file starts from: its durable data, and what the page cache held before its pending operations. */
export interface FileBases {
  readonly durable: ByteBuffer;
  /** Differs from `durable` after a failed fsync: pages marked clean without being written. */
  readonly cache: ByteBuffer;
}

interface SizeChoice {
  size: number;
  /** Index of the operation that set it, -1 for the durable size. */
  op: number;
}

function leadingKeeps(outcomes: readonly Outcome[]): number {
  let count = 0;
  while (count < outcomes.length && (outcomes[count] as Outcome).kind === 'keep') count++;
  return count;
}

/** The file after the crash, in a new buffer. */
export function crashedData(bases: FileBases, reached: ReachedData, sectorSizeBytes: number, rules: DataRules): ByteBuffer {
  const { ops, outcomes } = reached;
  const kept = leadingKeeps(outcomes);
  if (bases.cache === bases.durable && outcomes.slice(kept).every((outcome) => outcome.kind === 'drop')) {
    // The state the page cache held after the first `kept` operations: replay them.
    const data = bases.durable.clone();
    for (let i = 0; i < kept; i++) applyDataOp(ops[i] as DataOp, data);
    return data;
  }
  const targets = new Map<number, number>();
  const choice: SizeChoice = { size: bases.durable.size, op: -1 };
  ops.forEach((op, i) => reach(op, outcomes[i] as Outcome, i, targets, choice, sectorSizeBytes));
  if (rules === 'ordered') cutAtUnwrittenSector(reached, targets, choice, bases.durable.size, sectorSizeBytes);
  const data = bases.durable.clone();
  copyTargetVersions(bases.cache, ops, targets, data, sectorSizeBytes);
  data.truncate(choice.size);
  ops.forEach((op, i) => {
    if (op.kind === 'write' && (outcomes[i] as Outcome).kind === 'size-only-garbage') fillGarbage(op, i, targets, data, sectorSizeBytes);
  });
  return data;
}

/** Notes which sectors operation `index` reached (it is their latest version so far) and its size. */
function reach(op: DataOp, outcome: Outcome, index: number, targets: Map<number, number>, choice: SizeChoice, sectorSizeBytes: number): void {
  if (outcome.kind === 'drop') return;
  if (op.kind === 'truncate') {
    const from = Math.floor(Math.min(op.size, op.sizeBefore) / sectorSizeBytes);
    const to = Math.ceil(Math.max(op.size, op.sizeBefore) / sectorSizeBytes);
    for (let sector = from; sector < to; sector++) targets.set(sector, index);
    choice.size = op.size;
    choice.op = index;
    return;
  }
  const end = op.offset + op.bytes.length;
  const sizeAfter = Math.max(op.sizeBefore, end);
  if (outcome.kind === 'size-only-zeros' || outcome.kind === 'size-only-garbage') {
    choice.size = sizeAfter;
    choice.op = index;
    return;
  }
  const { first, count } = sectorsOf(op, sectorSizeBytes);
  let lastKept = -1;
  for (let i = 0; i < count; i++) {
    if (outcome.kind === 'torn' && outcome.sectors[i] !== 1) continue;
    targets.set(first + i, index);
    lastKept = i;
  }
  if (outcome.kind === 'keep') {
    choice.size = sizeAfter;
    choice.op = index;
    return;
  }
  // Torn: the file grows over the sectors the outcome says, at least to the last one kept.
  if (outcome.sizeSectors === 0) return;
  const grownTo = Math.min(end, (first + Math.max(outcome.sizeSectors, lastKept + 1)) * sectorSizeBytes);
  if (grownTo > op.sizeBefore) {
    choice.size = grownTo;
    choice.op = index;
  }
}

/** ordered: the size stops at the first sector past the durable size that a write filled and the disk never got. */
function cutAtUnwrittenSector(reached: ReachedData, targets: ReadonlyMap<number, number>, choice: SizeChoice, durableSizeBytes: number, sectorSizeBytes: number): void {
  if (choice.size <= durableSizeBytes) return;
  const filled = new Set<number>();
  for (let i = 0; i <= choice.op; i++) {
    const op = reached.ops[i] as DataOp;
    if (op.kind !== 'write') continue;
    const { first, count } = sectorsOf(op, sectorSizeBytes);
    for (let sector = first; sector < first + count; sector++) filled.add(sector);
  }
  const firstSector = Math.floor(durableSizeBytes / sectorSizeBytes);
  for (let sector = firstSector; sector * sectorSizeBytes < choice.size; sector++) {
    if (filled.has(sector) && !targets.has(sector)) {
      choice.size = Math.max(durableSizeBytes, sector * sectorSizeBytes);
      return;
    }
  }
}

/** Replays the page cache from `cache` and copies each targeted sector into `data` right after its operation. */
function copyTargetVersions(cache: ByteBuffer, ops: readonly DataOp[], targets: ReadonlyMap<number, number>, data: ByteBuffer, sectorSizeBytes: number): void {
  if (targets.size === 0) return;
  const sectorsByOp = new Map<number, number[]>();
  let lastOp = -1;
  for (const [sector, op] of targets) {
    const list = sectorsByOp.get(op);
    if (list === undefined) sectorsByOp.set(op, [sector]);
    else list.push(sector);
    lastOp = Math.max(lastOp, op);
  }
  const page = cache.clone();
  for (let i = 0; i <= lastOp; i++) {
    applyDataOp(ops[i] as DataOp, page);
    for (const sector of sectorsByOp.get(i) ?? []) copySector(page, data, sector, sectorSizeBytes);
  }
}

/** Sector `sector` of `page` into `data`, zeros where the page ends inside it. */
function copySector(page: ByteBuffer, data: ByteBuffer, sector: number, sectorSizeBytes: number): void {
  const from = sector * sectorSizeBytes;
  const to = from + sectorSizeBytes;
  const pageEnd = Math.min(to, page.size);
  if (pageEnd > from) data.write(from, page.view().subarray(from, pageEnd));
  const zeroFrom = Math.max(from, page.size);
  const zeroTo = Math.min(to, data.size);
  if (zeroTo > zeroFrom) data.fillWith(zeroFrom, zeroTo, () => 0);
}

/** Stale bytes in the range a size-only write exposed, where no later version of the sector reached the disk. */
function fillGarbage(op: DataOp & { kind: 'write' }, index: number, targets: ReadonlyMap<number, number>, data: ByteBuffer, sectorSizeBytes: number): void {
  const from = Math.max(op.sizeBefore, op.offset);
  const to = Math.min(op.offset + op.bytes.length, data.size);
  for (let position = from; position < to; position++) {
    const target = targets.get(Math.floor(position / sectorSizeBytes));
    if (target !== undefined && target > index) continue;
    data.fillWith(position, position + 1, () => garbageByte(op.seq, position));
  }
}
