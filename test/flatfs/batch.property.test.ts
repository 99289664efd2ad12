import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemFs } from '../../src/fs/mem-fs.js';
import { join } from '../../src/fs/path.js';
import { createFlatStore } from '../../src/flatfs/index.js';

/**
 * Sequences of store and batch operations on MemFs against a plain model: a Map for the store and
 * a pending map (first put wins, delete cancels, last operation decides) for the batch.
 */

const KEYS = ['AAXY1', 'BBXY2', 'CCQR3', 'DDQR4', 'EE'];

type Step =
  | { readonly kind: 'put' | 'storePut'; readonly key: string; readonly value: string }
  | { readonly kind: 'delete' | 'storeDelete'; readonly key: string }
  | { readonly kind: 'commit' | 'discard' };

const keyArb = fc.constantFrom(...KEYS);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('put' as const), key: keyArb, value: fc.string({ maxLength: 40 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), key: keyArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('storePut' as const), key: keyArb, value: fc.string({ maxLength: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('storeDelete' as const), key: keyArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('commit' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('discard' as const) }) },
);

const decode = (bytes: Uint8Array | undefined): string | undefined => (bytes === undefined ? undefined : new TextDecoder().decode(bytes));

describe('Batch against a model (property)', () => {
  it('reads, commits and discards like the model, and leaves .temp empty', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { maxLength: 40 }), async (steps) => {
        const fs = createMemFs();
        const store = await createFlatStore(fs, '/p');
        const batch = store.batch();
        const stored = new Map<string, string>();
        const pending = new Map<string, string | null>();
        for (const step of steps) {
          switch (step.kind) {
            case 'put':
              await batch.put(step.key, step.value);
              if (typeof pending.get(step.key) !== 'string') pending.set(step.key, step.value);
              break;
            case 'delete':
              await batch.delete(step.key);
              pending.set(step.key, null);
              break;
            case 'storePut':
              await store.put(step.key, step.value);
              stored.set(step.key, step.value);
              break;
            case 'storeDelete':
              await store.delete(step.key);
              stored.delete(step.key);
              break;
            case 'commit':
              await batch.commit();
              for (const [key, value] of pending) {
                if (value === null) stored.delete(key);
                else stored.set(key, value);
              }
              pending.clear();
              break;
            case 'discard':
              await batch.discard();
              pending.clear();
              break;
          }
          for (const key of KEYS) {
            const inBatch = pending.has(key) ? (pending.get(key) ?? undefined) : stored.get(key);
            expect(decode(await batch.get(key))).toBe(inBatch);
            expect(decode(await store.get(key))).toBe(stored.get(key));
          }
          const visible = KEYS.filter((key) => (pending.has(key) ? pending.get(key) !== null : stored.has(key)));
          expect(await batch.query()).toEqual(visible);
          expect(await store.query()).toEqual([...stored.keys()].sort());
        }
        await batch.discard();
        expect(await fs.readdir(join('/p', '.temp'))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
