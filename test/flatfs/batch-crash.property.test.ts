import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CrashModelError, crashProperty, type CrashModelCommand, type CrashModelSetup } from '../../integrations/fast-check.js';
import { createFlatStore, type FlatBatchApi, type FlatStoreApi } from '../../src/flatfs/index.js';
import type { FileSystem } from '../../src/fs/types.js';
import { join } from '../../src/fs/path.js';
import type { SystemFactory } from '../../sim/index.js';
import commitWithoutShardSync from '../mutants/flatfs/commit-without-shard-sync.js';
import tempNotWiped from '../mutants/flatfs/temp-not-wiped.js';

/**
 * FlatStore and its Batch as fast-check commands against a model (as in batch.property.test.ts),
 * crashed at a step fast-check draws (crashsim/fast-check): after recovery every key holds what
 * the acknowledged puts, deletes and commits left, or, for the keys of the operation the crash
 * cut, what it would have left (a commit is not atomic across keys, so per key); uncommitted batch
 * writes never show; `.temp` is empty. Mutants with a missing directory sync or a temp directory
 * left behind fail it, and fast-check shrinks them to a few commands.
 */

const KEYS = ['AAXY1', 'BBXY2', 'CCQR3', 'DDQR4', 'EE'];

interface Model {
  /** What the store holds, as acknowledged. */
  readonly stored: Map<string, string>;
  /** The batch's pending writes: a value, or null for a delete. */
  readonly pending: Map<string, string | null>;
}

interface Real {
  readonly store: FlatStoreApi;
  readonly batch: FlatBatchApi;
}

type Command = CrashModelCommand<Model, Real>;

const decode = (bytes: Uint8Array | undefined): string | undefined => (bytes === undefined ? undefined : new TextDecoder().decode(bytes));

function command(name: string, run: (model: Model, real: Real) => Promise<void>): Command {
  return { check: () => true, run, toString: () => name };
}

const keyArb = fc.constantFrom(...KEYS);
const valueArb = fc.string({ maxLength: 700 });
const commandArbs: fc.Arbitrary<Command>[] = [
  fc.tuple(keyArb, valueArb).map(([key, value]) =>
    command(`store.put(${key}, ${value.length} chars)`, async (model, real) => {
      await real.store.put(key, value);
      model.stored.set(key, value);
    }),
  ),
  keyArb.map((key) =>
    command(`store.delete(${key})`, async (model, real) => {
      await real.store.delete(key);
      model.stored.delete(key);
    }),
  ),
  fc.tuple(keyArb, valueArb).map(([key, value]) =>
    command(`batch.put(${key}, ${value.length} chars)`, async (model, real) => {
      await real.batch.put(key, value);
      if (typeof model.pending.get(key) !== 'string') model.pending.set(key, value);
    }),
  ),
  keyArb.map((key) =>
    command(`batch.delete(${key})`, async (model, real) => {
      await real.batch.delete(key);
      model.pending.set(key, null);
    }),
  ),
  fc.constant(
    command('batch.commit()', async (model, real) => {
      await real.batch.commit();
      for (const [key, value] of model.pending) {
        if (value === null) model.stored.delete(key);
        else model.stored.set(key, value);
      }
      model.pending.clear();
    }),
  ),
  fc.constant(
    command('batch.discard()', async (model, real) => {
      await real.batch.discard();
      model.pending.clear();
    }),
  ),
  keyArb.map((key) =>
    command(`get(${key})`, async (model, real) => {
      expect(decode(await real.store.get(key))).toBe(model.stored.get(key));
      const pending = model.pending.get(key);
      expect(decode(await real.batch.get(key))).toBe(model.pending.has(key) ? (pending ?? undefined) : model.stored.get(key));
    }),
  ),
];
const commandsArb = fc.commands(commandArbs, { maxCommands: 12 });

function setupFor(open: SystemFactory<FlatStoreApi>): CrashModelSetup<Model, Real> {
  return {
    model: () => ({ stored: new Map(), pending: new Map() }),
    open: async (fs: FileSystem, root: string) => {
      const store = await open(fs, root);
      return { store, batch: store.batch() };
    },
    close: (real) => real.store.close(),
    async checkDurable(model, recovered, crash) {
      const completed = await crash.modelIfCutCompleted();
      const present: string[] = [];
      for (const key of KEYS) {
        const value = decode(await recovered.store.get(key));
        expect([model.stored.get(key), completed.stored.get(key)], `${key} after recovery`).toContain(value);
        if (value !== undefined) present.push(key);
      }
      expect(await recovered.store.query()).toEqual(present);
      expect(await crash.fs.readdir(join(crash.root, '.temp')).catch(() => []), 'leftovers in .temp').toEqual([]);
    },
  };
}

const bundled: SystemFactory<FlatStoreApi> = (fs, root) => createFlatStore(fs, root, { shard: 'next-to-last/2', sync: true });

describe('FlatStore and Batch against a model, crashed anywhere (crashsim/fast-check)', () => {
  it('every acknowledged write survives, no uncommitted write shows, .temp is emptied', async () => {
    await fc.assert(crashProperty(commandsArb, setupFor(bundled), { crashAtMax: 400 }), { numRuns: 200, seed: 11 });
  });

  const mutants: readonly [string, SystemFactory<FlatStoreApi>][] = [
    ['commit renames into the shards without syncing them', commitWithoutShardSync],
    ['opening keeps the leftovers of .temp', tempNotWiped],
  ];
  for (const [bug, factory] of mutants) {
    it(`catches a store whose ${bug}, shrunk to at most 3 commands`, async () => {
      const details = await fc.check(crashProperty(commandsArb, setupFor(factory), { crashAtMax: 400 }), { numRuns: 300, seed: 11 });
      expect(details.failed, `the mutant (${bug}) passed`).toBe(true);
      expect(details.errorInstance).toBeInstanceOf(CrashModelError);
      const run = (details.errorInstance as CrashModelError).run;
      expect(run?.commandsRun).toBeLessThanOrEqual(3);
    });
  }
});
