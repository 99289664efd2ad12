import type { OperationRecord, Violation } from '../../sim/index.js';
import type { BlobOp, BlobResult } from './blob-ops.js';
import { DISK_FAULT_CODES, type ErrorContract } from './unexpected-errors.js';

/**
 * What the BlobStore contract (src/blob/types.ts) promises beyond the state of each key: which
 * errors each call may reject with, how keys that break the naming rules are refused, and the
 * order and filter of `list`.
 */

type BlobRecord = OperationRecord<BlobOp, BlobResult>;

export const INVALID_KEY = 'BLOB_INVALID_KEY';

/**
 * Keys that break a naming rule: each must be refused with BLOB_INVALID_KEY before the store
 * touches the disk. Between them they try to leave the root, to name a directory, a temp file or
 * a path, and to alias another key through encoding.
 */
export const HOSTILE_KEYS: readonly string[] = [
  '',
  '.',
  '..',
  '../outside',
  '../../../etc/passwd',
  'nested/alpha',
  '/absolute',
  'back\\slash',
  '.tmp-0-0',
  '.hidden',
  'nul\u0000byte',
  'line\nbreak',
  'lone\uD800surrogate',
  'x'.repeat(201),
  '\u00e9'.repeat(101),
];

/** List prefixes that no key could start with: `list` must refuse them like keys. */
export const HOSTILE_PREFIXES: readonly string[] = ['.tmp-', '.', '../', 'a/b', 'nul\u0000'];

const hostileKeys: ReadonlySet<string> = new Set(HOSTILE_KEYS);
const hostilePrefixes: ReadonlySet<string> = new Set(HOSTILE_PREFIXES);

/** Whether the operation names a key (or a list prefix) that breaks a naming rule. */
export function isHostile(op: BlobOp): boolean {
  if (op.kind === 'list') return false;
  if (op.kind === 'listPrefix') return hostilePrefixes.has(op.prefix);
  return hostileKeys.has(op.key);
}

/** The errors each call documents on a healthy disk (src/blob/types.ts, src/blob/errors.ts). */
export function documentedBlobErrors(op: BlobOp): readonly string[] {
  if (isHostile(op)) return [INVALID_KEY];
  switch (op.kind) {
    case 'put':
      return op.overwrite ? [] : ['BLOB_ALREADY_EXISTS'];
    case 'putIfAbsent':
      return ['BLOB_ALREADY_EXISTS'];
    // A checksum mismatch is judged by checksum-agrees, which knows when one is legitimate.
    case 'get':
      return ['BLOB_NOT_FOUND', 'BLOB_CHECKSUM_MISMATCH'];
    case 'getRange':
      return ['BLOB_NOT_FOUND', 'BLOB_RANGE_OUT_OF_BOUNDS', 'BLOB_CHECKSUM_MISMATCH'];
    case 'has':
    case 'delete':
    case 'list':
    case 'listPrefix':
      return [];
  }
}

export function blobErrorContract(describe: (op: BlobOp) => string): ErrorContract<BlobOp> {
  return { documented: documentedBlobErrors, faultCodes: DISK_FAULT_CODES, describe };
}

/**
 * A call on a key that breaks a naming rule rejects with BLOB_INVALID_KEY and makes no
 * filesystem call: the step count is the same at its invocation and its completion. (The
 * scheduler releases a step only when every live client waits on one, so a client that makes no
 * call lets no other client's call run either.)
 */
export function checkHostileKeys(history: readonly BlobRecord[], describe: (op: BlobOp) => string): Violation[] {
  const violations: Violation[] = [];
  for (const record of history) {
    if (!isHostile(record.operation)) continue;
    const { outcome } = record;
    const what = `op${record.id} (client ${record.client}, ${describe(record.operation)})`;
    if (outcome.kind === 'ok') {
      violations.push({ invariant: 'invalid-key-rejected', message: `${what} succeeded; a key that breaks a naming rule must be refused with ${INVALID_KEY}` });
    } else if (outcome.kind === 'error' && outcome.code !== INVALID_KEY) {
      violations.push({ invariant: 'invalid-key-rejected', message: `${what} rejected with ${outcome.code} (${outcome.message}) instead of ${INVALID_KEY}` });
    } else if (outcome.kind === 'error' && record.completedAtStep !== record.invokedAtStep) {
      const calls = (record.completedAtStep ?? record.invokedAtStep) - record.invokedAtStep;
      violations.push({ invariant: 'invalid-key-rejected', message: `${what} was refused only after ${calls} filesystem calls; the key must be refused before any disk access` });
    }
  }
  return violations;
}

/**
 * A listing's own promises: keys in ascending order of UTF-16 code units (the default string
 * order, not the locale's), each once, each starting with the prefix.
 */
export function checkListingShape(listed: readonly string[], prefix: string, what: string): Violation[] {
  const violations: Violation[] = [];
  for (let i = 1; i < listed.length; i++) {
    const [before, after] = [listed[i - 1] as string, listed[i] as string];
    if (!(before < after)) {
      violations.push({ invariant: 'list-order', message: `${what} listed ${JSON.stringify(before)} before ${JSON.stringify(after)}; list() promises ascending code-unit order, each key once` });
      break;
    }
  }
  for (const name of listed) {
    if (!name.startsWith(prefix)) violations.push({ invariant: 'list-prefix', message: `${what} listed ${JSON.stringify(name)}, which does not start with the prefix ${JSON.stringify(prefix)}` });
  }
  return violations;
}
