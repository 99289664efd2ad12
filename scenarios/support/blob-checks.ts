import type { BlobStore } from '../../src/blob/index.js';
import { isBlobStoreError } from '../../src/blob/index.js';
import type { CheckInput, OperationRecord, Violation } from '../../sim/index.js';
import { damagesData } from '../../sim/index.js';
import { findDotFiles, fingerprint } from './blob-ops.js';
import type { BlobOp, BlobResult } from './blob-ops.js';
import { KeyModel } from './blob-model.js';
import { AFTER_CRASH, windowOf } from './observation.js';
import type { Judgement } from './blob-model.js';

/** The invariant checks both blob scenarios share. */

type BlobRecord = OperationRecord<BlobOp, BlobResult>;

function violationOf(judgement: Judgement, duringWorkload: boolean): Violation | null {
  if (judgement.ok) return null;
  // During the workload nothing is lost to a crash: a read that misses an acknowledged write
  // or sees a replaced value is a stale read.
  const invariant = duringWorkload && judgement.invariant !== 'no-partial-visibility' ? 'stale-read' : judgement.invariant;
  return { invariant, message: judgement.message };
}

/** Reads made while the clients ran: each must see a state the history allows at that moment. */
export function checkWorkloadReads(history: readonly BlobRecord[], models: ReadonlyMap<string, KeyModel>): Violation[] {
  const violations: Violation[] = [];
  const push = (v: Violation | null) => v !== null && violations.push(v);
  for (const record of history) {
    const { operation: op, outcome } = record;
    const what = `operation op${record.id} (${op.kind}, client ${record.client}) during the workload`;
    if (outcome.kind === 'error' && outcome.code === 'BLOB_CHECKSUM_MISMATCH') {
      violations.push({ invariant: 'checksum-agrees', message: `${what} found a blob whose checksum disagrees: ${outcome.message}` });
      continue;
    }
    const window = windowOf(record);
    if (op.kind === 'list') {
      if (outcome.kind !== 'ok' || !Array.isArray(outcome.value)) continue;
      const listed = outcome.value as readonly string[];
      for (const name of listed) {
        if (!models.has(name)) violations.push({ invariant: 'no-temp-leaks', message: `${what} listed '${name}', which is no key of the workload` });
      }
      for (const [key, model] of models) {
        if (listed.includes(key)) {
          if (!model.presenceAllowed(window)) violations.push({ invariant: 'stale-read', message: `${what} listed '${key}', which cannot exist then` });
        } else {
          push(violationOf(model.judge(null, window, what), true));
        }
      }
      continue;
    }
    const model = models.get(op.key);
    if (model === undefined) continue;
    if (op.kind === 'get') {
      if (outcome.kind === 'ok' && typeof outcome.value === 'string') push(violationOf(model.judge(outcome.value, window, what), true));
      else if (outcome.kind === 'error' && outcome.code === 'BLOB_NOT_FOUND') push(violationOf(model.judge(null, window, what), true));
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
 * The recovered store: every key in a state the history allows after the crash, readable
 * without checksum errors, list and has agreeing with get, and no temp file left on disk.
 * Under bit flips, a damaged blob must be refused with a checksum error (never served): that
 * error is then the right answer, and bytes no write put there are a corrupt read.
 */
export async function checkRecoveredStore(input: CheckInput<BlobStore, BlobOp, BlobResult>, models: ReadonlyMap<string, KeyModel>): Promise<Violation[]> {
  const violations: Violation[] = [];
  const store = input.recovered;
  const flipped = bitflippedKeys(input);
  const listed = await store.list();
  for (const name of listed) {
    if (!models.has(name)) violations.push({ invariant: 'no-temp-leaks', message: `after recovery, list() shows '${name}', which is no key of the workload` });
  }
  for (const [key, model] of models) {
    let observed: string | null;
    try {
      observed = fingerprint(await store.get(key));
    } catch (error) {
      if (isBlobStoreError(error, 'BLOB_NOT_FOUND')) {
        observed = null;
      } else if (isBlobStoreError(error, 'BLOB_CHECKSUM_MISMATCH')) {
        if (flipped.has(key)) continue; // Detected, as it must be: the flip destroyed the value.
        violations.push({ invariant: 'checksum-agrees', message: `after recovery, get('${key}') failed: ${error.message}` });
        continue;
      } else {
        violations.push({ invariant: 'recovered-read', message: `after recovery, get('${key}') failed: ${String(error)}` });
        continue;
      }
    }
    const judgement = model.judge(observed, AFTER_CRASH, 'after recovery');
    const violation = violationOf(judgement, false);
    if (violation !== null && flipped.has(key) && violation.invariant === 'no-partial-visibility') {
      violations.push({ invariant: 'no-corrupt-reads', message: `${violation.message}; a bit flip damaged this blob at the crash and get served it instead of failing its checksum` });
    } else if (violation !== null) {
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
  }
  for (const path of await findDotFiles(input.fs, input.root)) {
    violations.push({ invariant: 'no-temp-leaks', message: `after recovery, '${path}' is still on disk (a temp file the reopen did not sweep)` });
  }
  return violations;
}

export function modelsFor(keys: readonly string[], history: readonly BlobRecord[]): Map<string, KeyModel> {
  return new Map(keys.map((key) => [key, new KeyModel(key, history)]));
}
