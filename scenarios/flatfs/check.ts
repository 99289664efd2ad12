import { hasErrorCode, join } from '../../src/fs/index.js';
import type { FileSystem } from '../../src/fs/index.js';
import { DATA_SUFFIX, SHARDING_FILE_NAME, TEMP_DIR_NAME, isValidKey, parseShardSpec, shardSpecOfShardingFile, type FlatStoreApi } from '../../src/flatfs/index.js';
import { damagesData, isCorruptionReport } from '../../sim/index.js';
import type { CheckInput, Violation } from '../../sim/index.js';
import { isCorruptionRefusal, rotDuring, rotReached, rotsOf } from '../support/rot.js';
import { checkBatchOutsideAndQuery } from './batch-checks.js';
import { allowedValues, effectsByKey, writtenValues, type FlatRecord } from './model.js';
import { FLATFS_KEYS, describeFlatOperation, foldRound, type FlatOperation, type FlatResult } from './operations.js';

/**
 * The flatfs invariants: no partial value, ever (during the run or after recovery); acknowledged
 * writes durable unless superseded; batches read their own writes, read other keys from the
 * store, and list each existing key once (batch-checks.ts); reads after recovery agree with
 * the model and with each other; and no temp file or directory survives the reopen.
 */

/** Error codes a correct store may report without being wrong: the disk's own faults. */
const FAULT_CODES: ReadonlySet<string> = new Set(['EIO', 'ENOSPC', 'FLATFS_BATCH_WRITE_FAILED']);

const show = (value: string | null): string => (value === null ? 'absent' : JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...(${value.length})` : value));

const decode = (bytes: Uint8Array | undefined): string | null => (bytes === undefined ? null : new TextDecoder().decode(bytes));

function label(record: FlatRecord): string {
  return `op${record.id} (client ${record.client}, ${describeFlatOperation(record.operation)})`;
}

/**
 * Whether `record` rejected with the store's corruption error (by its brand) after rot damaged a
 * file it reads: the value file of a key it reads, rotted before it ended, or, for a batch, one
 * of its own temp files, rotted while it ran. Refusing rotted bytes is what a store with
 * checksums must do. Any rot of the key's file counts, even one an acknowledged write followed:
 * a write that overlaps another of the same key may succeed without replacing the file (the
 * first successful writer wins), so no acknowledgement proves the rotted file gone.
 */
function refusedRot(record: FlatRecord, root: string, injected: CheckInput<FlatStoreApi, FlatOperation, FlatResult>['injected']): boolean {
  const { operation } = record;
  if (!isCorruptionRefusal(record.outcome) || (operation.kind !== 'get' && operation.kind !== 'batch')) return false;
  const keyFile = (path: string): boolean => path.startsWith(`${root}/`) && (operation.kind === 'get' ? path.endsWith(`/${operation.key}${DATA_SUFFIX}`) : path.endsWith(DATA_SUFFIX));
  if (rotReached(record, rotsOf(injected, keyFile), [])) return true;
  return operation.kind === 'batch' && rotDuring(record, rotsOf(injected, (path) => path.startsWith(`${join(root, TEMP_DIR_NAME)}/`)));
}

/** Results the clients saw before the crash. */
function checkResults(input: CheckInput<FlatStoreApi, FlatOperation, FlatResult>, written: Map<string, Set<string>>): Violation[] {
  const violations: Violation[] = [];
  const isWritten = (key: string, value: string | null): boolean => value === null || (written.get(key)?.has(value) ?? false);
  const history = input.history;
  for (const record of history) {
    const { outcome, operation } = record;
    if (outcome.kind === 'error' && !FAULT_CODES.has(outcome.code) && !refusedRot(record, input.root, input.injected)) {
      violations.push({ invariant: 'unexpected-error', message: `${label(record)} failed on a healthy disk: ${outcome.code}: ${outcome.message}` });
    }
    if (outcome.kind !== 'ok') continue;
    const result = outcome.value;
    if (operation.kind === 'get' && result.kind === 'value' && !isWritten(operation.key, result.value)) {
      violations.push({ invariant: 'no-partial-value', message: `${label(record)} read ${show(result.value)}, which no put wrote` });
    }
    if (operation.kind === 'batch' && result.kind === 'batch') {
      violations.push(...checkBatchReads(record, operation, result), ...checkBatchOutsideAndQuery(record, operation, result, history, written, label(record)));
    }
  }
  return violations;
}

function checkBatchReads(record: FlatRecord, operation: Extract<FlatOperation, { kind: 'batch' }>, result: Extract<FlatResult, { kind: 'batch' }>): Violation[] {
  const violations: Violation[] = [];
  operation.rounds.forEach((round, index) => {
    const reads = result.rounds[index];
    if (reads === undefined) return;
    const expected = foldRound(round.writes);
    const fail = (message: string): void => {
      violations.push({ invariant: 'batch-reads-own-writes', message: `${label(record)}, round ${index}: ${message}` });
    };
    for (const read of reads.reads) {
      const want = expected.get(read.key);
      if (want === undefined) continue;
      if (read.value !== want) fail(`get ${read.key} saw ${show(read.value)}, the batch left ${show(want)}`);
      if (read.has !== (want !== null)) fail(`has ${read.key} said ${String(read.has)}`);
      const wantSize = want === null ? null : new TextEncoder().encode(want).length;
      if (read.sizeBytes !== wantSize) fail(`getSize ${read.key} said ${String(read.sizeBytes)}, expected ${String(wantSize)}`);
    }
    for (const [key, value] of expected) {
      if (reads.listed.includes(key) !== (value !== null)) fail(`query ${value === null ? 'listed the deleted' : 'missed the put'} key ${key}`);
    }
  });
  return violations;
}

/** What is on the post-crash disk besides the store's contents: nothing may remain in .temp. */
async function checkLeftovers(fs: FileSystem, root: string): Promise<Violation[]> {
  const violations: Violation[] = [];
  const leak = (message: string): void => {
    violations.push({ invariant: 'no-temp-leftovers', message });
  };
  let temp: string[] = [];
  try {
    temp = await fs.readdir(join(root, TEMP_DIR_NAME));
  } catch (error) {
    if (!hasErrorCode(error, 'ENOENT')) throw error;
  }
  if (temp.length > 0) leak(`after reopening, ${join(root, TEMP_DIR_NAME)} still holds ${temp.sort().join(', ')}`);
  let shardSpec: string | null = null;
  try {
    shardSpec = shardSpecOfShardingFile(new TextDecoder().decode(await fs.readFile(join(root, SHARDING_FILE_NAME))));
  } catch (error) {
    if (!hasErrorCode(error, 'ENOENT')) throw error;
  }
  if (shardSpec === null) {
    violations.push({ invariant: 'layout', message: `after reopening, ${join(root, SHARDING_FILE_NAME)} is missing or unreadable` });
    return violations;
  }
  const shard = parseShardSpec(shardSpec);
  for (const name of (await fs.readdir(root)).sort()) {
    if (name === TEMP_DIR_NAME || name === SHARDING_FILE_NAME) continue;
    const path = join(root, name);
    if (!(await fs.stat(path)).isDirectory()) {
      leak(`stray file ${path} in the root`);
      continue;
    }
    for (const entry of (await fs.readdir(path)).sort()) {
      const key = entry.endsWith(DATA_SUFFIX) ? entry.slice(0, -DATA_SUFFIX.length) : '';
      if (!isValidKey(key) || shard.dirOf(key) !== name) leak(`stray entry ${join(path, entry)} (not a key file of shard ${name})`);
    }
  }
  return violations;
}

/** Reads of the recovered store against the model, and against each other. */
async function checkRecovered(
  store: FlatStoreApi,
  history: readonly FlatRecord[],
  written: Map<string, Set<string>>,
  flippedKeys: ReadonlySet<string>,
): Promise<Violation[]> {
  const violations: Violation[] = [];
  const effects = effectsByKey(history);
  const present: string[] = [];
  for (const key of FLATFS_KEYS) {
    let bytes: Uint8Array | undefined;
    try {
      bytes = await store.get(key);
    } catch (error) {
      // A bit flip in the key's file: refusing to serve it (a corruption error) is the right
      // answer. The file still exists, so listings include the key.
      if (flippedKeys.has(key) && isCorruptionReport(error)) {
        present.push(key);
        continue;
      }
      throw error;
    }
    const value = decode(bytes);
    if (value !== null) present.push(key);
    const keyEffects = effects.get(key) ?? [];
    const allowed = allowedValues(keyEffects);
    if (value !== null && !(written.get(key)?.has(value) ?? false)) {
      violations.push({ invariant: 'no-partial-value', message: `after recovery ${key} holds ${show(value)}, which no put wrote` });
    } else if (!allowed.has(value)) {
      const acknowledged = keyEffects.filter((effect) => effect.acknowledged).map((effect) => label(effect.record));
      violations.push({
        invariant: 'acknowledged-durability',
        message:
          `after recovery ${key} is ${show(value)}; allowed: ${[...allowed].map(show).join(' or ')} ` +
          `(acknowledged writes: ${acknowledged.join('; ') || 'none'})`,
      });
    }
    const has = await store.has(key);
    const size = await store.getSize(key);
    const wantSize = value === null ? undefined : new TextEncoder().encode(value).length;
    if (has !== (value !== null) || size !== wantSize) {
      violations.push({ invariant: 'reads-agree', message: `after recovery ${key}: get ${show(value)} but has=${String(has)} getSize=${String(size)}` });
    }
  }
  const listed = await store.query();
  if (listed.join(',') !== present.join(',')) {
    violations.push({ invariant: 'reads-agree', message: `after recovery query() lists [${listed.join(', ')}] but get finds [${present.join(', ')}]` });
  }
  const prefixed = await store.query({ prefix: 'CC' });
  const wantPrefixed = present.filter((key) => key.startsWith('CC'));
  if (prefixed.join(',') !== wantPrefixed.join(',')) {
    violations.push({ invariant: 'reads-agree', message: `after recovery query({ prefix: 'CC' }) lists [${prefixed.join(', ')}], expected [${wantPrefixed.join(', ')}]` });
  }
  return violations;
}

/**
 * Keys whose value file a bit flip (--faults bitflip) hit in the post-crash state. FlatStore
 * values carry a checksum (src/flatfs/value-format.ts), so reading such a key must fail with a
 * corruption error or return an intact value: never altered bytes. A flipped SHARDING file makes
 * the store refuse to open (FLATFS_CORRUPT), which the runner accepts.
 */
function flippedKeysOf(input: CheckInput<FlatStoreApi, FlatOperation, FlatResult>): Set<string> {
  const flipped = (input.injected ?? []).filter((fault) => damagesData(fault)).map((fault) => fault.path);
  return new Set(FLATFS_KEYS.filter((key) => flipped.some((path) => path.startsWith(`${input.root}/`) && path.endsWith(`/${key}${DATA_SUFFIX}`))));
}

export async function checkFlatfs(input: CheckInput<FlatStoreApi, FlatOperation, FlatResult>): Promise<Violation[]> {
  const written = writtenValues(input.history);
  return [
    ...checkResults(input, written),
    ...(await checkLeftovers(input.fs, input.root)),
    ...(await checkRecovered(input.recovered, input.history, written, flippedKeysOf(input))),
  ];
}
