import type { CheckInput, Violation } from '../../sim/index.js';
import { checkRegisters } from '../support/register-checks.js';
import { DISK_FAULT_CODES, type ErrorContract, unexpectedErrors } from '../support/unexpected-errors.js';
import { KvModel } from './model.js';
import { type KeyValueStore, type KvOp, type KvResult, describeKvOp } from './operations.js';

/**
 * The `kv` invariants. After the crash and recovery, each key holds exactly one value a put of it
 * wrote, never a torn or mixed one (no-partial-visibility), or nothing; an acknowledged put
 * survives unless a later or overlapping put or delete of the key replaced it
 * (acknowledged-durability); a value an acknowledged delete removed never comes back
 * (no-resurrection); gets during the workload see an allowed value (stale-read); and no get,
 * put or delete rejects with an error its contract does not document (unexpected-error).
 */

/**
 * What a get, put or delete may reject with: nothing, on a healthy disk. A get of a key without a
 * value resolves to undefined and a delete of one does nothing (the System interface), so not
 * even ENOENT is an answer. Under injected faults, the failing disk's EIO or ENOSPC passed on.
 */
export const KV_ERROR_CONTRACT: ErrorContract<KvOp> = {
  documented: () => [],
  faultCodes: DISK_FAULT_CODES,
  describe: describeKvOp,
};

export async function checkKv(input: CheckInput<KeyValueStore, KvOp, KvResult>): Promise<Violation[]> {
  const model = new KvModel(input.history);
  const violations = unexpectedErrors(input, KV_ERROR_CONTRACT);
  violations.push(...(await checkRegisters(input, {
    readOf: (op) => (op.kind === 'get' ? op.key : null),
    registers: model.keys,
    describeRead: (key) => `get(${JSON.stringify(key)})`,
    readRecovered: (key) => input.recovered.get(key),
    judge: (key, observed, window, what) => model.judge(key, observed, window, what),
  })));
  return violations;
}
