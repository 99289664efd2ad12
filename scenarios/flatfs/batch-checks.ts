import type { Violation } from '../../sim/index.js';
import type { FlatRecord } from './model.js';
import { foldRound, type FlatOperation, type FlatResult, type KeyRead } from './operations.js';

/**
 * What a batch promises about the keys it does not write and about its listing: it reads them
 * from the store (get, has and getSize agreeing, a value some put wrote), and `query()` lists
 * each key once, and only keys that exist (in the batch, or in the store for the others).
 *
 * Other clients change the store meanwhile, so a key outside the batch is judged only when it is
 * quiet: no other operation that writes it (a put, a delete, a committed batch round) overlaps
 * the batch operation in time. Then the store held one value for it throughout.
 */

type BatchOperation = Extract<FlatOperation, { kind: 'batch' }>;
type BatchResult = Extract<FlatResult, { kind: 'batch' }>;

function keysWrittenBy(operation: FlatOperation): Set<string> {
  if (operation.kind === 'put' || operation.kind === 'delete') return new Set([operation.key]);
  if (operation.kind === 'get') return new Set();
  return new Set(operation.rounds.filter((round) => round.end === 'commit').flatMap((round) => round.writes.map((write) => write.key)));
}

/** Keys no other operation that writes them overlaps `record` in time. */
function quietKeys(record: FlatRecord, history: readonly FlatRecord[], keys: readonly string[]): Set<string> {
  const end = record.completedAtStep ?? Infinity;
  const busy = new Set<string>();
  for (const other of history) {
    if (other.id === record.id || other.invokedAtStep > end || (other.completedAtStep ?? Infinity) < record.invokedAtStep) continue;
    for (const key of keysWrittenBy(other.operation)) busy.add(key);
  }
  return new Set(keys.filter((key) => !busy.has(key)));
}

const byteLength = (value: string): number => new TextEncoder().encode(value).length;

function readsDisagree(read: KeyRead): boolean {
  return read.has !== (read.value !== null) || read.sizeBytes !== (read.value === null ? null : byteLength(read.value));
}

export function checkBatchOutsideAndQuery(
  record: FlatRecord,
  operation: BatchOperation,
  result: BatchResult,
  history: readonly FlatRecord[],
  written: ReadonlyMap<string, ReadonlySet<string>>,
  label: string,
): Violation[] {
  const violations: Violation[] = [];
  operation.rounds.forEach((round, index) => {
    const reads = result.rounds[index];
    if (reads === undefined) return;
    const where = `${label}, round ${index}`;
    const quiet = quietKeys(record, history, reads.outside.map((read) => read.key));
    for (const read of reads.outside) {
      if (read.value !== null && !(written.get(read.key)?.has(read.value) ?? false)) {
        violations.push({ invariant: 'batch-reads-outside', message: `${where}: get ${read.key} (not in the batch) saw a value no put wrote` });
      } else if (quiet.has(read.key) && readsDisagree(read)) {
        violations.push({
          invariant: 'batch-reads-outside',
          message: `${where}: ${read.key} is not in the batch and nothing wrote it meanwhile, yet get saw ${read.value === null ? 'nothing' : `${byteLength(read.value)} bytes`}, has=${String(read.has)}, getSize=${String(read.sizeBytes)}`,
        });
      }
    }
    const left = foldRound(round.writes);
    const duplicates = reads.listed.filter((key, i) => reads.listed.indexOf(key) !== i);
    if (duplicates.length > 0) violations.push({ invariant: 'batch-query', message: `${where}: query listed ${[...new Set(duplicates)].join(', ')} more than once` });
    for (const key of new Set(reads.listed)) {
      const outside = reads.outside.find((read) => read.key === key);
      const neverPut = !left.has(key) && (written.get(key)?.size ?? 0) === 0;
      // Existence by has (the listing's own notion); get is judged against it above.
      const absent = outside !== undefined && quiet.has(key) && !outside.has;
      if (neverPut || absent) violations.push({ invariant: 'batch-query', message: `${where}: query listed ${key}, which does not exist` });
    }
    for (const read of reads.outside) {
      if (quiet.has(read.key) && read.has && !reads.listed.includes(read.key)) {
        violations.push({ invariant: 'batch-query', message: `${where}: query missed ${read.key}, which the store holds` });
      }
    }
  });
  return violations;
}
