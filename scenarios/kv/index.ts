import { FAULT_KINDS, loadNodeModuleImpl, nodeModuleFactory } from '../../sim/index.js';
import type { NodeSystemContract, Scenario } from '../../sim/index.js';
import { checkKv } from './check.js';
import { type CutMark, checkWithCutMarks, cutMark } from '../support/crash-marks.js';
import { KEYS, KV_MIX, applyKvOp, describeKvOp, generateKvWorkload, isKvOp } from './operations.js';
import type { KeyValueStore, KvOp, KvResult } from './operations.js';

/**
 * A key-value store kept by plain Node.js code (a cache, a session store, a settings store),
 * under concurrent puts (2 B to 5 KiB), deletes and gets on a few keys, crashed anywhere.
 * Invariants: after recovery each key holds exactly one value a put of it wrote, never a torn or
 * mixed one (no-partial-visibility), or nothing; an acknowledged put survives unless a later or
 * overlapping put or delete of the key replaced it (acknowledged-durability); a value an
 * acknowledged delete removed never comes back (no-resurrection); gets during the workload see an
 * allowed value (stale-read); no get, put or delete rejects on a healthy disk, nor with anything
 * but EIO or ENOSPC under injected faults (unexpected-error); and no call leaves the root
 * (path-outside-root).
 *
 * `--impl MODULE` contract: MODULE is plain Node.js code using node:fs (any form), `.mjs`, `.cjs`,
 * `.js` or `.ts`; its default export is `open(root: string) => Promise<KeyValueStore>`, where
 * `KeyValueStore = { get(key: string): Promise<string | undefined>; put(key: string, value: string): Promise<void>; delete(key: string): Promise<void>; close?(): Promise<void> }`.
 * Keys are short (letters and digits). No method documents an error: on a healthy disk each
 * resolves (a get of a key without a value to undefined; a delete of one does nothing).
 * open(root) is called on an empty `root`, then again after every crash, each time in a freshly
 * started simulated process (the module and its dependencies loaded afresh).
 */

export type { KeyValueStore, KvOp, KvResult } from './operations.js';

/** What a module's `open(root)` must resolve to: a System with get, put and delete. */
export const KV_CONTRACT: NodeSystemContract = { methods: ['get', 'put', 'delete'] };

/** Where the crash fell, as coverage marks (see scenarios/support/crash-marks.ts). */
const KV_CUT_MARKS: readonly CutMark<KvOp>[] = [
  cutMark('kv', 'crash-in-put', 'the crash cut a put in flight', (op) => op.kind === 'put'),
  cutMark('kv', 'crash-in-delete', 'the crash cut a delete in flight', (op) => op.kind === 'delete'),
];

export const kvScenario: Scenario<KeyValueStore, KvOp, KvResult> = {
  name: 'kv',
  description: 'node:fs code keeping a key-value store (puts of 2 B to 5 KiB, deletes, gets), crashed anywhere',
  // Spelled from two folders up so that it names the same file from the package's bundle
  // (dist/bundle/esm/, see build/bundle.mjs) as from this folder.
  defaultFactory: nodeModuleFactory<KeyValueStore>(new URL('../../scenarios/kv/reference.cjs', import.meta.url), KV_CONTRACT),
  implFromModule: (modulePath) => loadNodeModuleImpl<KeyValueStore>(modulePath, KV_CONTRACT),
  generate: generateKvWorkload,
  swarm: { mix: KV_MIX, keysCountMax: KEYS.length, valueSizes: true, faultKinds: FAULT_KINDS },
  apply: applyKvOp,
  close: async (store) => {
    await store.close?.();
  },
  check: checkWithCutMarks(checkKv, KV_CUT_MARKS),
  // Each hit by at least 6% of the runs of a default campaign (seeds 1..200), so a default
  // campaign from any seed misses one only by rare chance (test/campaign/required-marks.test.ts).
  requiredMarks: [
    'scenario.kv.crash-in-delete',
    'scenario.kv.crash-in-put',
  ],
  describe: describeKvOp,
  isOperation: isKvOp,
};
