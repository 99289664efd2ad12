import type { CheckInput, Violation } from '../../sim/index.js';
import { checkRegisters } from '../support/register-checks.js';
import { KvModel } from './model.js';
import type { KeyValueStore, KvOp, KvResult } from './operations.js';

/**
 * The `kv` invariants. After the crash and recovery, each key holds exactly one value a put of it
 * wrote, never a torn or mixed one (no-partial-visibility), or nothing; an acknowledged put
 * survives unless a later or overlapping put or delete of the key replaced it
 * (acknowledged-durability); a value an acknowledged delete removed never comes back
 * (no-resurrection); gets during the workload see an allowed value (stale-read).
 */
export function checkKv(input: CheckInput<KeyValueStore, KvOp, KvResult>): Promise<Violation[]> {
  const model = new KvModel(input.history);
  return checkRegisters(input, {
    readOf: (op) => (op.kind === 'get' ? op.key : null),
    registers: model.keys,
    describeRead: (key) => `get(${JSON.stringify(key)})`,
    readRecovered: (key) => input.recovered.get(key),
    judge: (key, observed, window, what) => model.judge(key, observed, window, what),
  });
}
