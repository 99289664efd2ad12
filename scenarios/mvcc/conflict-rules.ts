import { type MvccRecord, writeStatus } from './model.js';

/**
 * The conflict rule in both directions, for transactions against every other write (transactions
 * and the non-transactional putAt/deleteAt alike).
 *
 * A write's timestamp orders its submission: `apply` takes a timestamp from the run's oracle and
 * submits the write in the same synchronous step, and the store checks a transaction against
 * every write submitted before it (committed, or earlier in its batch). So for a transaction
 * that started at S and commits at C, the writes it must conflict with are exactly those on one
 * of its keys with S < ts < C that were not refused: it commits if and only if there is none.
 */

export interface ConflictFinding {
  readonly invariant: string;
  readonly message: string;
}

interface Writer {
  readonly record: MvccRecord;
  readonly ts: number;
  readonly keys: ReadonlySet<string>;
}

/** Every write call that may have taken effect, with its timestamp and keys. */
function writersIn(history: readonly MvccRecord[]): Writer[] {
  const writers: Writer[] = [];
  for (const record of history) {
    const operation = record.operation;
    if (operation.kind !== 'txn' && operation.kind !== 'write') continue;
    if (operation.ticket.ts === null || writeStatus(record) === 'none') continue;
    const writes = operation.kind === 'txn' ? operation.writes : [operation.write];
    writers.push({ record, ts: operation.ticket.ts, keys: new Set(writes.map((write) => write.key)) });
  }
  return writers;
}

function describeWriter(writer: Writer): string {
  const kind = writer.record.operation.kind === 'txn' ? 'transaction' : 'putAt/deleteAt';
  return `op${writer.record.id} (${kind} at ${writer.ts} on ${[...writer.keys].map((key) => JSON.stringify(key)).join(', ')})`;
}

/**
 * A transaction refused with a write conflict must overlap some writer on its keys (no spurious
 * conflicts); a committed one must overlap none, non-transactional writes included.
 */
export function checkConflictRule(history: readonly MvccRecord[]): ConflictFinding[] {
  const findings: ConflictFinding[] = [];
  const writers = writersIn(history);
  for (const record of history) {
    const operation = record.operation;
    if (operation.kind !== 'txn' || operation.ticket.startTs === null || operation.ticket.ts === null) continue;
    const [startTs, commitTs] = [operation.ticket.startTs, operation.ticket.ts];
    const keys = new Set(operation.writes.map((write) => write.key));
    const overlapping = writers.filter((w) => w.record !== record && w.ts > startTs && w.ts < commitTs && [...w.keys].some((key) => keys.has(key)));
    if (record.outcome.kind === 'error' && record.outcome.code === 'MVCC_WRITE_CONFLICT' && overlapping.length === 0) {
      findings.push({
        invariant: 'no-spurious-conflict',
        message: `op${record.id} (start ${startTs}, commit ${commitTs}) failed with a write conflict, but no write on its keys was submitted between its start and its commit: ${record.outcome.message}`,
      });
    }
    const blind = overlapping.find((w) => w.record.operation.kind === 'write');
    if (record.outcome.kind === 'ok' && blind !== undefined) {
      findings.push({
        invariant: 'conflict-with-blind-write',
        message: `op${record.id} (start ${startTs}, commit ${commitTs}) committed although ${describeWriter(blind)} wrote one of its keys after it started: it must have failed with a write conflict`,
      });
    }
  }
  return findings;
}
