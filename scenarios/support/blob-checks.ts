import type { BlobStore } from '../../src/blob/index.js';
import { isBlobStoreError } from '../../src/blob/index.js';
import type { CheckInput, InjectedFault, OperationRecord, Violation } from '../../sim/index.js';
import { damagesData } from '../../sim/index.js';
import { OUT_OF_BOUNDS, findDotFiles, fingerprint, isWrite, rangeFingerprint } from './blob-ops.js';
import type { BlobOp, BlobResult, BlobWriteOp } from './blob-ops.js';
import { checkListingShape, isHostile } from './blob-contract.js';
import { KeyModel } from './blob-model.js';
import { AFTER_CRASH, type ObservationWindow, windowOf } from './observation.js';
import type { Judgement } from './blob-model.js';
import { isCorruptionRefusal, rotReached, rotsOf } from './rot.js';

/** The invariant checks both blob scenarios share. */

type BlobRecord = OperationRecord<BlobOp, BlobResult>;

function violationOf(judgement: Judgement, duringWorkload: boolean): Violation | null {
  if (judgement.ok) return null;
  // During the workload nothing is lost to a crash: a read that misses an acknowledged write
  // or sees a replaced value is a stale read.
  const invariant = duringWorkload && judgement.invariant !== 'no-partial-visibility' ? 'stale-read' : judgement.invariant;
  return { invariant, message: judgement.message };
}

/** What the reads made while the clients ran are judged against. */
export interface WorkloadReadContext {
  readonly history: readonly BlobRecord[];
  readonly models: ReadonlyMap<string, KeyModel>;
  readonly promises: BlobPromises;
  /** Faults injected before the crash: rot excuses what it damaged (see rot.ts). */
  readonly injected?: readonly InjectedFault[] | undefined;
}

/** Reads made while the clients ran: each must see a state the history allows at that moment. */
export function checkWorkloadReads(context: WorkloadReadContext): Violation[] {
  const { history, models } = context;
  const rotted = rotJudge(context);
  const violations: Violation[] = [];
  const push = (v: Violation | null) => v !== null && violations.push(v);
  for (const record of history) {
    const { operation: op, outcome } = record;
    const what = `operation op${record.id} (${op.kind}, client ${record.client}) during the workload`;
    if (outcome.kind === 'error' && (outcome.code === 'BLOB_CHECKSUM_MISMATCH' || isCorruptionRefusal(outcome))) {
      if (!(isCorruptionRefusal(outcome) && rotted(record))) violations.push({ invariant: 'checksum-agrees', message: `${what} found a blob whose checksum disagrees: ${outcome.message}` });
      continue;
    }
    const window = windowOf(record);
    if (isHostile(op)) continue; // Judged by checkHostileKeys: no state of any key to see.
    if (op.kind === 'list' || op.kind === 'listPrefix') {
      if (outcome.kind !== 'ok' || !Array.isArray(outcome.value)) continue;
      violations.push(...checkListing(outcome.value as readonly string[], op.kind === 'list' ? '' : op.prefix, models, window, what));
      continue;
    }
    const model = models.get(op.key);
    if (model === undefined) continue;
    const damaged = (violation: Violation | null): Violation | null => underRot(violation, rotted(record), context.promises);
    if (op.kind === 'get') {
      if (outcome.kind === 'ok' && typeof outcome.value === 'string') push(damaged(violationOf(model.judge(outcome.value, window, what), true)));
      else if (outcome.kind === 'error' && outcome.code === 'BLOB_NOT_FOUND') push(violationOf(model.judge(null, window, what), true));
    } else if (op.kind === 'getRange') {
      const view = (write: BlobWriteOp) => rangeFingerprint(write, op.offset, op.length);
      const rangeWhat = `${what}, range [${op.offset}, ${op.offset + op.length})`;
      let observed: string | null | undefined;
      if (outcome.kind === 'ok' && typeof outcome.value === 'string') observed = outcome.value;
      else if (outcome.kind === 'error' && outcome.code === 'BLOB_RANGE_OUT_OF_BOUNDS') observed = OUT_OF_BOUNDS;
      else if (outcome.kind === 'error' && outcome.code === 'BLOB_NOT_FOUND') observed = null;
      const judged = observed === undefined ? null : damaged(violationOf(model.judge(observed, window, rangeWhat, view), true));
      // Its own name: a range that disagrees with every allowed value is getRange's fault.
      if (judged !== null) violations.push({ invariant: judged.invariant === 'no-corrupt-reads' ? judged.invariant : 'range-read', message: judged.message });
    } else if (op.kind === 'has' && outcome.kind === 'ok') {
      if (outcome.value === true && !model.presenceAllowed(window)) {
        violations.push({ invariant: 'stale-read', message: `${what}: has('${op.key}') was true, but no write can be visible then` });
      } else if (outcome.value === false) {
        push(violationOf(model.judge(null, window, what), true));
      }
    }
  }
  return violations;
}

/**
 * Whether rot may have damaged the blob a read of one key read: its file (named after the key)
 * rotted before the read ended, and no acknowledged put or delete of the key replaced it since.
 */
function rotJudge(context: WorkloadReadContext): (read: BlobRecord) => boolean {
  const rots = rotsOf(context.injected, () => true);
  if (rots.length === 0) return () => false;
  return (read) => {
    const op = read.operation;
    if (op.kind === 'list' || op.kind === 'listPrefix') return false;
    const ofKey = rots.filter((rot) => rot.path.slice(rot.path.lastIndexOf('/') + 1) === op.key);
    const writes = context.history.filter(({ operation }) => (isWrite(operation) || operation.kind === 'delete') && operation.key === op.key);
    return rotReached(read, ofKey, writes);
  };
}

/**
 * Bytes no write put there, served from a blob rot damaged: with checksums, the store served
 * damaged bytes it promised to refuse (no-corrupt-reads); without them it promises nothing about
 * bytes the medium damaged, and the read is not judged.
 */
function underRot(violation: Violation | null, rotted: boolean, promises: BlobPromises): Violation | null {
  if (violation === null || !rotted || violation.invariant !== 'no-partial-visibility') return violation;
  if (!promises.checksums) return null;
  return { invariant: 'no-corrupt-reads', message: `${violation.message}; rot damaged this blob on the medium and the read served it instead of failing its checksum` };
}

/** A listing made during the workload: its order and prefix, and each key's presence in it. */
function checkListing(listed: readonly string[], prefix: string, models: ReadonlyMap<string, KeyModel>, window: ObservationWindow, what: string): Violation[] {
  const violations = checkListingShape(listed, prefix, what);
  for (const name of listed) {
    if (!models.has(name)) violations.push({ invariant: 'no-temp-leaks', message: `${what} listed '${name}', which is no key of the workload` });
  }
  for (const [key, model] of models) {
    if (!key.startsWith(prefix)) continue;
    if (listed.includes(key)) {
      if (!model.presenceAllowed(window)) violations.push({ invariant: 'stale-read', message: `${what} listed '${key}', which cannot exist then` });
    } else {
      const violation = violationOf(model.judge(null, window, what), true);
      if (violation !== null) violations.push(violation);
    }
  }
  return violations;
}

/**
 * Keys whose blob file a bit flip damaged at the crash (`--faults bitflip`). A blob file is named
 * after its key, so the flipped path's last component is the key; temp files never name a key.
 */
export function bitflippedKeys(input: Pick<CheckInput<unknown, unknown, unknown>, 'injected'>): Set<string> {
  const keys = new Set<string>();
  for (const fault of input.injected ?? []) {
    if (damagesData(fault)) keys.add(fault.path.slice(fault.path.lastIndexOf('/') + 1));
  }
  return keys;
}

/**
 * What a store's options promise after a crash (src/blob/options.ts):
 * - `durable` (fsyncMode full or data): acknowledged puts and deletes survive. Without it
 *   (fsyncMode none) any of them may be lost or rolled back to an older value of the key, and a
 *   blob published by a rename may survive without its data: get then fails its checksum while
 *   has and list still show the key. It never returns bytes no write of the key put there.
 * - `checksums`: a blob whose data a bit flip (at the crash) or rot (while the store runs)
 *   damaged is refused, never served. Without them only the header (length included) is
 *   verified, so damaged data may be served: the store promises nothing about bytes the medium
 *   damaged, and a read of a damaged key that returns bytes no write put there is not judged
 *   (a damaged header is still refused, with the checksum error).
 */
export interface BlobPromises {
  readonly durable: boolean;
  readonly checksums: boolean;
}

/** fsyncMode full (the default) with checksums on. */
export const FULL_PROMISES: BlobPromises = { durable: true, checksums: true };

/**
 * The recovered store: every key in a state the history allows after the crash (as `promises`
 * allow it), readable without checksum errors, list and has agreeing with get, and no temp file
 * left on disk. Under bit flips, a damaged blob must be refused with a checksum error (never
 * served, with checksums on): that error is then the right answer, and bytes no write put there
 * are a corrupt read.
 */
export async function checkRecoveredStore(
  input: CheckInput<BlobStore, BlobOp, BlobResult>,
  models: ReadonlyMap<string, KeyModel>,
  promises: BlobPromises = FULL_PROMISES,
): Promise<Violation[]> {
  const store = input.recovered;
  const flipped = bitflippedKeys(input);
  const listed = await store.list();
  const violations: Violation[] = checkListingShape(listed, '', 'after recovery, list()');
  for (const name of listed) {
    if (!models.has(name)) violations.push({ invariant: 'no-temp-leaks', message: `after recovery, list() shows '${name}', which is no key of the workload` });
  }
  for (const [key, model] of models) violations.push(...(await checkRecoveredKey(store, key, model, listed, flipped.has(key), promises)));
  for (const path of await findDotFiles(input.fs, input.root)) {
    violations.push({ invariant: 'no-temp-leaks', message: `after recovery, '${path}' is still on disk (a temp file the reopen did not sweep)` });
  }
  return violations;
}

async function checkRecoveredKey(store: BlobStore, key: string, model: KeyModel, listed: readonly string[], flipped: boolean, promises: BlobPromises): Promise<Violation[]> {
  let observed: string | null;
  try {
    observed = fingerprint(await store.get(key));
  } catch (error) {
    if (isBlobStoreError(error, 'BLOB_NOT_FOUND')) {
      observed = null;
    } else if (isBlobStoreError(error, 'BLOB_CHECKSUM_MISMATCH')) {
      // Detected, as it must be: the flip destroyed the value, or (no syncs) the data never
      // reached the disk under a name that did.
      if (flipped || !promises.durable) return [];
      return [{ invariant: 'checksum-agrees', message: `after recovery, get('${key}') failed: ${error.message}` }];
    } else {
      return [{ invariant: 'recovered-read', message: `after recovery, get('${key}') failed: ${String(error)}` }];
    }
  }
  const violations: Violation[] = [];
  const violation = violationOf(model.judge(observed, AFTER_CRASH, 'after recovery'), false);
  if (violation !== null && flipped && violation.invariant === 'no-partial-visibility') {
    if (promises.checksums) {
      violations.push({ invariant: 'no-corrupt-reads', message: `${violation.message}; a bit flip damaged this blob at the crash and get served it instead of failing its checksum` });
    }
  } else if (violation !== null && (promises.durable || violation.invariant === 'no-partial-visibility')) {
    violations.push(violation);
  }
  const present = observed !== null;
  const has = await store.has(key);
  if (has !== present || listed.includes(key) !== present) {
    violations.push({
      invariant: 'list-agrees',
      message: `after recovery, get('${key}') says ${present ? 'present' : 'absent'} but has() says ${has} and list() ${listed.includes(key) ? 'shows' : 'omits'} it`,
    });
  }
  return violations;
}

/**
 * The keys a history is judged on: the scenario's, and any other valid key its operations name
 * (a saved case may come from a version of the workload with other keys).
 */
export function workloadKeys(base: readonly string[], history: readonly BlobRecord[]): string[] {
  const others = new Set<string>();
  for (const { operation } of history) {
    if (operation.kind !== 'list' && operation.kind !== 'listPrefix' && !isHostile(operation) && !base.includes(operation.key)) others.add(operation.key);
  }
  return [...base, ...[...others].sort()];
}

export function modelsFor(keys: readonly string[], history: readonly BlobRecord[]): Map<string, KeyModel> {
  return new Map(keys.map((key) => [key, new KeyModel(key, history)]));
}
