import type { BlobStore } from '../../src/blob/index.js';
import type { CheckInput, Violation } from '../../sim/index.js';
import { FULL_PROMISES, checkRecoveredStore, checkWorkloadReads, modelsFor } from '../support/blob-checks.js';
import { blobErrorContract } from '../support/blob-contract.js';
import { describeBlobOp, fingerprint, isWrite, valueFingerprint } from '../support/blob-ops.js';
import { unexpectedErrors } from '../support/unexpected-errors.js';
import type { BlobOp, BlobResult } from '../support/blob-ops.js';
import { PUT_IF_ABSENT_KEYS } from './operations.js';

/**
 * The `blob-put-if-absent` invariants: a single winner per key, one value ever seen per key, no
 * error the contract does not document, and the checks both blob scenarios share
 * (support/blob-checks.ts).
 */
export async function checkPutIfAbsent(input: CheckInput<BlobStore, BlobOp, BlobResult>): Promise<Violation[]> {
  const violations: Violation[] = unexpectedErrors(input, blobErrorContract(describeBlobOp));
  for (const key of PUT_IF_ABSENT_KEYS) {
    const winners = input.history.filter((r) => r.operation.kind === 'putIfAbsent' && r.operation.key === key && r.outcome.kind === 'ok');
    if (winners.length > 1) {
      violations.push({
        invariant: 'single-winner',
        message: `putIfAbsent('${key}') succeeded ${winners.length} times (operations ${winners.map((w) => `op${w.id}`).join(', ')}); exactly one may win`,
      });
    }
  }
  violations.push(...(await checkOneValueEverSeen(input)));
  const models = modelsFor(PUT_IF_ABSENT_KEYS, input.history);
  violations.push(...checkWorkloadReads({ history: input.history, models, promises: FULL_PROMISES, injected: input.injected }), ...(await checkRecoveredStore(input, models)));
  return violations;
}

/**
 * Without deletes only one link can ever succeed per key, so every read of a key (during the
 * workload and after recovery) sees the same bytes, and those of the acknowledged winner if any.
 * The shared model alone would also accept a cut candidate that overlapped the winner.
 */
async function checkOneValueEverSeen(input: CheckInput<BlobStore, BlobOp, BlobResult>): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const key of PUT_IF_ABSENT_KEYS) {
    const seen = new Map<string, string>(); // fingerprint -> where it was seen
    const winner = input.history.find((r) => r.operation.kind === 'putIfAbsent' && r.operation.key === key && r.outcome.kind === 'ok');
    if (winner !== undefined && isWrite(winner.operation)) seen.set(valueFingerprint(winner.operation), `the value of winner op${winner.id}`);
    for (const r of input.history) {
      if (r.operation.kind === 'get' && r.operation.key === key && r.outcome.kind === 'ok' && typeof r.outcome.value === 'string') {
        if (!seen.has(r.outcome.value)) seen.set(r.outcome.value, `what get op${r.id} read`);
      }
    }
    const recovered = await input.recovered.get(key).then(fingerprint, () => null);
    if (recovered !== null && !seen.has(recovered)) seen.set(recovered, 'what get read after recovery');
    if (seen.size > 1) {
      violations.push({
        invariant: 'single-winner',
        message: `'${key}' was seen with ${seen.size} different values (${[...seen.values()].join('; ')}); putIfAbsent lets exactly one win`,
      });
    }
  }
  return violations;
}
