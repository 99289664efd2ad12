import { join } from '../../src/fs/index.js';
import { MVCC_WAL_DIR_NAME } from '../../src/mvcc/index.js';
import type { CheckInput, Violation } from '../../sim/index.js';
import { DISK_FAULT_CODES, type ErrorContract, unexpectedErrors } from '../support/unexpected-errors.js';
import { flipsInNewestSegments } from '../support/wal-damage.js';
import { checkConflictRule } from './conflict-rules.js';
import { type Knowledge, type ModelVersion, type MvccRecord, allowedResults, liveKnowledge, recoveredKnowledge, show, versionsByKey, writeStatus } from './model.js';
import { INTERNAL_KEY_PREFIX, type MvccOperation, type MvccResult, type MvccSystem, describeMvccOperation } from './operations.js';

/** The invariants of the `mvcc` scenario, checked on the history and the recovered store. */

const KEY_MAX = '\uffff';
const VIOLATIONS_PER_INVARIANT_MAX = 3;

/**
 * What each call may reject with (src/mvcc/errors.ts). A transaction loses write conflicts
 * (MVCC_WRITE_CONFLICT); it and every read may find their timestamp below the watermark
 * (MVCC_READ_TS_COMPACTED), since a concurrent compaction can pass the timestamp a call picked
 * before it ran. The workload breaks no argument rule and runs before the store is closed, so
 * MVCC_INVALID_ARGUMENT and MVCC_CLOSED are never documented here. A failed write makes the store
 * refuse every later write with MVCC_FAILED (it reports the disk's own error that way too): only
 * an injected fault explains that.
 */
export const MVCC_ERROR_CONTRACT: ErrorContract<MvccOperation> = {
  documented: (operation) => {
    switch (operation.kind) {
      case 'txn':
        return ['MVCC_WRITE_CONFLICT', 'MVCC_READ_TS_COMPACTED'];
      case 'get':
      case 'scan':
        return ['MVCC_READ_TS_COMPACTED'];
      case 'write':
      case 'sync':
      case 'compact':
        return [];
    }
  },
  faultCodes: [...DISK_FAULT_CODES, 'MVCC_FAILED'],
  describe: describeMvccOperation,
};

export async function checkMvcc(input: CheckInput<MvccSystem, MvccOperation, MvccResult>): Promise<Violation[]> {
  const { history, recovered } = input;
  const found = new ViolationList();
  for (const violation of unexpectedErrors(input, MVCC_ERROR_CONTRACT)) found.add(violation.invariant, violation.message);
  const versions = versionsByKey(history);
  const keys = keyUniverse(history);
  // A bit flip in the checkpoint, a sealed segment or the log's first-index record makes the store
  // refuse to open (a corruption error, which the runner accepts); one in the newest segment may
  // cut acknowledged records when no later frame vouches for them (src/wal/recovery.ts).
  const logDamaged = (await flipsInNewestSegments(input.fs, input.injected ?? [], join(input.root, MVCC_WAL_DIR_NAME))).length > 0;
  checkConflicts(history, found);
  for (const finding of checkConflictRule(history)) found.add(finding.invariant, finding.message);
  checkLiveReads(history, versions, keys, found);
  const lastCommitTs = recovered.lastCommitTs();
  const watermark = recovered.minRetainedTs();
  checkTimestamps(history, lastCommitTs, watermark, found, logDamaged);
  await checkRecoveredReads(recovered, history, versions, keys, found, logDamaged);
  const names = await input.fs.readdir(input.root);
  for (const name of names) if (name.endsWith('.tmp')) found.add('no-leak', `temp file ${join(input.root, name)} left after recovery`);
  return found.list;
}

class ViolationList {
  readonly list: Violation[] = [];
  readonly #counts = new Map<string, number>();

  add(invariant: string, message: string): void {
    const count = this.#counts.get(invariant) ?? 0;
    this.#counts.set(invariant, count + 1);
    if (count < VIOLATIONS_PER_INVARIANT_MAX) this.list.push({ invariant, message });
  }
}

function keyUniverse(history: readonly MvccRecord[]): string[] {
  const keys = new Set<string>();
  for (const { operation } of history) {
    if (operation.kind === 'txn') for (const key of [...operation.reads, ...operation.writes.map((w) => w.key)]) keys.add(key);
    if (operation.kind === 'write') keys.add(operation.write.key);
    if (operation.kind === 'get') keys.add(operation.key);
  }
  return [...keys].sort();
}

/** Two transactions that both wrote a key and overlapped ([startTs, commitTs]) never both commit. */
function checkConflicts(history: readonly MvccRecord[], found: ViolationList): void {
  const committed: { record: MvccRecord; startTs: number; commitTs: number; keys: Set<string> }[] = [];
  for (const record of history) {
    if (record.operation.kind !== 'txn' || record.outcome.kind !== 'ok' || record.outcome.value.kind !== 'txn') continue;
    const { startTs, commitTs } = record.outcome.value;
    committed.push({ record, startTs, commitTs, keys: new Set(record.operation.writes.map((w) => w.key)) });
  }
  for (let i = 0; i < committed.length; i++) {
    for (let j = i + 1; j < committed.length; j++) {
      const a = committed[i] as (typeof committed)[number];
      const b = committed[j] as (typeof committed)[number];
      const shared = [...a.keys].find((key) => b.keys.has(key));
      if (shared === undefined || !(a.startTs < b.commitTs && b.startTs < a.commitTs)) continue;
      found.add(
        'write-conflict',
        `operations op${a.record.id} (start ${a.startTs}, commit ${a.commitTs}) and op${b.record.id} (start ${b.startTs}, commit ${b.commitTs}) both wrote ${JSON.stringify(shared)} and both committed: one of them must have failed with a write conflict`,
      );
    }
  }
}

/** lastCommitTs never goes back; the watermark holds every acknowledged compaction; nothing phantom. */
function checkTimestamps(history: readonly MvccRecord[], lastCommitTs: number, watermark: number, found: ViolationList, logDamaged: boolean): void {
  const knowledge = recoveredKnowledge(history, logDamaged);
  let acknowledgedMax = 0;
  let writtenMax = 0;
  let compactedAcknowledgedMax = 0;
  let compactedInvokedMax = 0;
  for (const record of history) {
    const operation = record.operation;
    if (operation.kind === 'compact') {
      const minTs = operation.ticket.ts ?? 0;
      compactedInvokedMax = Math.max(compactedInvokedMax, minTs);
      if (record.outcome.kind === 'ok') compactedAcknowledgedMax = Math.max(compactedAcknowledgedMax, minTs);
    }
    if ((operation.kind !== 'txn' && operation.kind !== 'write') || operation.ticket.ts === null || writeStatus(record) === 'none') continue;
    writtenMax = Math.max(writtenMax, operation.ticket.ts);
    const probe: ModelVersion = { key: '', ts: operation.ticket.ts, value: null, expireAt: undefined, record };
    if (knowledge.certain(probe)) acknowledgedMax = Math.max(acknowledgedMax, operation.ticket.ts);
  }
  if (lastCommitTs < acknowledgedMax) {
    found.add('last-commit-ts', `lastCommitTs went back to ${lastCommitTs} after recovery, below the durably acknowledged commit timestamp ${acknowledgedMax}`);
  }
  if (lastCommitTs > writtenMax) found.add('last-commit-ts', `lastCommitTs is ${lastCommitTs} after recovery, but no write ever used a timestamp above ${writtenMax}`);
  if (watermark < compactedAcknowledgedMax && !logDamaged) {
    found.add('watermark', `the compaction watermark is ${watermark} after recovery, below the acknowledged compaction to ${compactedAcknowledgedMax}`);
  }
  if (watermark > compactedInvokedMax) found.add('watermark', `the compaction watermark is ${watermark}, but no compaction asked for more than ${compactedInvokedMax}`);
}

/** Every read the clients made agrees with the writes that could have been visible to it. */
function checkLiveReads(history: readonly MvccRecord[], versions: Map<string, ModelVersion[]>, keys: readonly string[], found: ViolationList): void {
  // Each compaction with the watermark it asked for (0 when cut before choosing one).
  const compactions = history.flatMap((record) => (record.operation.kind === 'compact' ? [{ record, minTs: record.operation.ticket.ts ?? 0 }] : []));
  for (const record of history) {
    const operation = record.operation;
    if (operation.kind !== 'get' && operation.kind !== 'scan' && operation.kind !== 'txn') continue;
    const ts = operation.kind === 'txn' ? operation.ticket.startTs : operation.ticket.ts;
    if (ts === null) continue;
    // Internal keys are never compacted: their point reads work at any timestamp.
    const exempt = operation.kind === 'get' && operation.key.startsWith(INTERNAL_KEY_PREFIX);
    const above = exempt ? [] : compactions.filter((c) => c.minTs > ts);
    // Acknowledged before the read began: the read must fail. Begun before it ended: it may.
    const mustFail = above.some((c) => c.record.outcome.kind === 'ok' && (c.record.completedAtStep ?? Infinity) < record.invokedAtStep);
    const mayFail = above.some((c) => record.completedAtStep === null || c.record.invokedAtStep <= record.completedAtStep);
    if (record.outcome.kind === 'error' && record.outcome.code === 'MVCC_READ_TS_COMPACTED') {
      if (!mayFail) found.add('live-read', `operation op${record.id} failed to read at ${ts} as compacted, but no compaction above ${ts} had been asked for`);
      continue;
    }
    if (record.outcome.kind !== 'ok') continue;
    if (mustFail) found.add('live-read', `operation op${record.id} read at ${ts}, below an acknowledged compaction watermark, instead of failing`);
    const knowledge = liveKnowledge(record);
    const result = record.outcome.value;
    if (result.kind === 'get' && operation.kind === 'get') {
      checkOne(found, 'live-read', `operation op${record.id}`, versions.get(operation.key) ?? [], operation.key, ts, result.value, knowledge);
    } else if (result.kind === 'txn' && operation.kind === 'txn') {
      operation.reads.forEach((key, i) => checkOne(found, 'live-read', `operation op${record.id}`, versions.get(key) ?? [], key, ts, result.reads[i] ?? null, knowledge));
    } else if (result.kind === 'scan' && operation.kind === 'scan') {
      checkScan(found, record, operation, result.rows, ts, versions, keys, knowledge);
    }
  }
}

function checkScan(
  found: ViolationList,
  record: MvccRecord,
  scan: Extract<MvccOperation, { kind: 'scan' }>,
  rows: readonly (readonly [string, string])[],
  ts: number,
  versions: Map<string, ModelVersion[]>,
  keys: readonly string[],
  knowledge: Knowledge,
): void {
  const where = `operation op${record.id} (${scan.reverse ? 'reverseScanAt' : 'scanAt'})`;
  const returned = new Map(rows);
  const order = rows.map(([key]) => key);
  const expectedOrder = [...order].sort();
  if (scan.reverse) expectedOrder.reverse();
  if (rows.length > scan.limit || returned.size !== rows.length || order.join('\0') !== expectedOrder.join('\0')) {
    found.add('live-read', `${where} returned keys [${order.join(', ')}]: not unique, out of order or over the limit ${scan.limit}`);
    return;
  }
  const last = order[order.length - 1];
  for (const key of keys) {
    if (key < scan.start || key >= scan.end) continue;
    // Past the limit, keys beyond the last one returned were never looked at.
    if (rows.length === scan.limit && last !== undefined && (scan.reverse ? key < last : key > last)) continue;
    checkOne(found, 'live-read', where, versions.get(key) ?? [], key, ts, returned.get(key) ?? null, knowledge);
  }
  for (const key of order) if (key < scan.start || key >= scan.end) found.add('live-read', `${where} returned ${key}, outside [${scan.start}, ${scan.end})`);
}

function checkOne(
  found: ViolationList,
  invariant: string,
  where: string,
  versions: readonly ModelVersion[],
  key: string,
  ts: number,
  actual: string | null,
  knowledge: Knowledge,
): void {
  const allowed = allowedResults(versions, ts, knowledge);
  if (allowed.has(actual)) return;
  found.add(invariant, `${where}: key ${JSON.stringify(key)} at ${ts} read ${show(actual)}; the history allows only ${[...allowed].map(show).join(' or ')}`);
}

/** After recovery: point reads at many timestamps agree with the model; scans agree with point reads. */
async function checkRecoveredReads(
  store: MvccSystem,
  history: readonly MvccRecord[],
  versions: Map<string, ModelVersion[]>,
  keys: readonly string[],
  found: ViolationList,
  logDamaged: boolean,
): Promise<void> {
  const knowledge = recoveredKnowledge(history, logDamaged);
  const watermark = store.minRetainedTs();
  const last = store.lastCommitTs();
  const stamps = new Set<number>([0, watermark, watermark - 1, last, last + 1]);
  for (const list of versions.values()) {
    for (const version of list) {
      stamps.add(version.ts);
      if (version.expireAt !== undefined) stamps.add(version.expireAt);
    }
  }
  const timestamps = [...stamps].filter((ts) => ts >= 0).sort((a, b) => a - b);
  for (const ts of timestamps) {
    const pointReads = new Map<string, string>();
    for (const key of keys) {
      const compacted = ts < watermark && !key.startsWith(INTERNAL_KEY_PREFIX);
      let value: string | undefined;
      try {
        value = await store.getAt(key, ts);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (!compacted || code !== 'MVCC_READ_TS_COMPACTED') found.add('recovered-read', `getAt(${JSON.stringify(key)}, ${ts}) failed after recovery: ${String(error)}`);
        continue;
      }
      if (compacted) {
        found.add('recovered-read', `getAt(${JSON.stringify(key)}, ${ts}) succeeded below the watermark ${watermark} instead of failing as compacted`);
        continue;
      }
      checkOne(found, 'recovered-read', 'after recovery', versions.get(key) ?? [], key, ts, value ?? null, knowledge);
      if (value !== undefined) pointReads.set(key, value);
    }
    if (ts >= watermark) await checkScansAgree(store, ts, pointReads, found);
  }
}

async function checkScansAgree(store: MvccSystem, ts: number, pointReads: Map<string, string>, found: ViolationList): Promise<void> {
  const expected = [...pointReads.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const render = (rows: readonly (readonly [string, string])[]): string => rows.map(([k, v]) => `${k}=${v}`).join(', ');
  const forward = (await store.scanAt('', KEY_MAX, ts, 1000)).map((row) => [row.key, row.value] as const);
  const backward = (await store.reverseScanAt('', KEY_MAX, ts, 1000)).map((row) => [row.key, row.value] as const);
  const limited = (await store.scanAt('', KEY_MAX, ts, 2)).map((row) => [row.key, row.value] as const);
  if (render(forward) !== render(expected)) found.add('recovered-scan', `scanAt at ${ts} returned [${render(forward)}], point reads give [${render(expected)}]`);
  if (render(backward) !== render([...expected].reverse())) found.add('recovered-scan', `reverseScanAt at ${ts} returned [${render(backward)}], point reads give the reverse of [${render(expected)}]`);
  if (render(limited) !== render(expected.slice(0, 2))) found.add('recovered-scan', `scanAt at ${ts} with limit 2 returned [${render(limited)}], expected [${render(expected.slice(0, 2))}]`);
}
