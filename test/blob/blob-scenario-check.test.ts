import { describe, expect, it } from 'vitest';
import { openBlobStore } from '../../src/blob/index.js';
import type { BlobStore } from '../../src/blob/index.js';
import { createMemFs } from '../../src/fs/mem-fs.js';
import type { FileSystem } from '../../src/fs/types.js';
import type { OperationOutcome, OperationRecord } from '../../sim/scenario.js';
import { Rng } from '../../sim/rng.js';
import { BLOB_KEYS, blobScenario } from '../../scenarios/blob/index.js';
import { blobPutIfAbsentScenario } from '../../scenarios/blob-put-if-absent/index.js';
import { isHostile } from '../../scenarios/support/blob-contract.js';
import { fingerprint, valueBytes } from '../../scenarios/support/blob-ops.js';
import type { BlobOp, BlobResult, BlobWriteOp } from '../../scenarios/support/blob-ops.js';

/** Histories built by hand, judged by the scenarios' real `check` against a real recovered store. */

type BlobRecord = OperationRecord<BlobOp, BlobResult>;

const ROOT = '/data';
const ok = (value: BlobResult = null): OperationOutcome<BlobResult> => ({ kind: 'ok', value });
const fail = (code: string): OperationOutcome<BlobResult> => ({ kind: 'error', code, message: code });
const CUT: OperationOutcome<BlobResult> = { kind: 'cut' };

const put = (key: string, valueId: number, sizeBytes = 600): BlobWriteOp => ({ kind: 'put', key, valueId, sizeBytes, overwrite: true });
const pia = (key: string, valueId: number, sizeBytes = 600): BlobWriteOp => ({ kind: 'putIfAbsent', key, valueId, sizeBytes });

class HistoryBuilder {
  readonly records: BlobRecord[] = [];
  add(operation: BlobOp, invokedAtStep: number, completedAtStep: number | null, outcome: OperationOutcome<BlobResult>): this {
    this.records.push({ id: this.records.length, client: this.records.length % 3, operation, invokedAtStep, completedAtStep, outcome });
    return this;
  }
}

/** A recovered store whose disk holds exactly `state` (key -> write whose value it holds). */
async function recoveredWith(state: Record<string, BlobWriteOp | Uint8Array>): Promise<{ fs: FileSystem; store: BlobStore }> {
  const fs = createMemFs();
  const store = await blobScenario.defaultFactory(fs, ROOT);
  for (const [key, value] of Object.entries(state)) await store.put(key, value instanceof Uint8Array ? value : valueBytes(value));
  return { fs, store };
}

async function checkBlob(history: HistoryBuilder, state: Record<string, BlobWriteOp | Uint8Array>, scenario = blobScenario) {
  const { fs, store } = await recoveredWith(state);
  const violations = await scenario.check({ history: history.records, recovered: store, fs, root: ROOT, crashStep: 1000 });
  return violations.map((v) => v.invariant);
}

describe('blob scenario check', () => {
  it('accepts an acknowledged put that survived', async () => {
    const h = new HistoryBuilder().add(put('alpha', 0), 0, 10, ok());
    expect(await checkBlob(h, { alpha: put('alpha', 0) })).toEqual([]);
  });

  it('flags an acknowledged put lost by the crash', async () => {
    const h = new HistoryBuilder().add(put('alpha', 0), 0, 10, ok());
    expect(await checkBlob(h, {})).toEqual(['acknowledged-durability']);
  });

  it('flags a value rolled back to one an acknowledged later put replaced', async () => {
    const h = new HistoryBuilder().add(put('alpha', 0), 0, 10, ok()).add(put('alpha', 1), 12, 20, ok());
    expect(await checkBlob(h, { alpha: put('alpha', 0) })).toEqual(['acknowledged-durability']);
    expect(await checkBlob(h, { alpha: put('alpha', 1) })).toEqual([]);
  });

  it('accepts either value of overlapping puts, and old or new for a cut one', async () => {
    const overlapping = new HistoryBuilder().add(put('alpha', 0), 0, 10, ok()).add(put('alpha', 1), 5, 15, ok());
    expect(await checkBlob(overlapping, { alpha: put('alpha', 0) })).toEqual([]);
    expect(await checkBlob(overlapping, { alpha: put('alpha', 1) })).toEqual([]);
    const cut = new HistoryBuilder().add(put('alpha', 0), 0, 10, ok()).add(put('alpha', 1), 12, null, CUT);
    expect(await checkBlob(cut, { alpha: put('alpha', 0) })).toEqual([]);
    expect(await checkBlob(cut, { alpha: put('alpha', 1) })).toEqual([]);
    expect(await checkBlob(new HistoryBuilder().add(put('Beta', 0), 0, null, CUT), {})).toEqual([]);
  });

  it('flags a durably deleted blob that came back', async () => {
    const h = new HistoryBuilder().add(put('alpha', 0), 0, 10, ok()).add({ kind: 'delete', key: 'alpha' }, 10, 14, ok());
    expect(await checkBlob(h, { alpha: put('alpha', 0) })).toEqual(['no-resurrection']);
    expect(await checkBlob(h, {})).toEqual([]);
    const overlappingDelete = new HistoryBuilder().add(put('alpha', 0), 0, 10, ok()).add({ kind: 'delete', key: 'alpha' }, 5, 14, ok());
    expect(await checkBlob(overlappingDelete, { alpha: put('alpha', 0) })).toEqual([]);
  });

  it('flags bytes no write put there, and a torn blob whose checksum disagrees', async () => {
    const h = new HistoryBuilder().add(put('alpha', 0), 0, null, CUT);
    const torn = valueBytes(put('alpha', 0)).slice(0, 512);
    expect(await checkBlob(h, { alpha: torn })).toEqual(['no-partial-visibility']);
    const future = new HistoryBuilder().add(put('alpha', 0), 0, 10, ok());
    expect(await checkBlob(future, { alpha: put('alpha', 7) })).toEqual(['no-partial-visibility']);

    const { fs, store } = await recoveredWith({ alpha: put('alpha', 0) });
    const path = (await fs.readdir(ROOT)).map((dir) => `${ROOT}/${dir}/alpha`)[0] as string;
    const file = await fs.readFile(path);
    await fs.writeFile(path, file.subarray(0, file.length - 1).slice());
    const violations = await blobScenario.check({ history: h.records, recovered: store, fs, root: ROOT, crashStep: 10 });
    expect(violations.map((v) => v.invariant)).toEqual(['checksum-agrees']);
  });

  it('flags temp files left after the reopen', async () => {
    const { fs, store } = await recoveredWith({});
    await fs.writeFile(`${ROOT}/.tmp-0-3`, 'leftover');
    const violations = await blobScenario.check({ history: [], recovered: store, fs, root: ROOT, crashStep: 0 });
    expect(violations.map((v) => v.invariant)).toEqual(['no-temp-leaks']);
  });

  it('judges reads made during the workload', async () => {
    const value0 = fingerprint(valueBytes(put('alpha', 0)));
    const good = new HistoryBuilder()
      .add(put('alpha', 0), 0, 10, ok())
      .add({ kind: 'get', key: 'alpha' }, 10, 12, ok(value0))
      .add({ kind: 'has', key: 'alpha' }, 12, 13, ok(true))
      .add({ kind: 'list' }, 13, 15, ok(['alpha']));
    expect(await checkBlob(good, { alpha: put('alpha', 0) })).toEqual([]);

    const stale = new HistoryBuilder().add(put('alpha', 0), 0, 10, ok()).add({ kind: 'get', key: 'alpha' }, 10, 12, fail('BLOB_NOT_FOUND'));
    expect(await checkBlob(stale, { alpha: put('alpha', 0) })).toEqual(['stale-read']);

    const early = new HistoryBuilder().add({ kind: 'get', key: 'alpha' }, 0, 4, ok(value0)).add(put('alpha', 0), 4, 10, ok());
    expect(await checkBlob(early, { alpha: put('alpha', 0) })).toEqual(['no-partial-visibility']);

    const corrupt = new HistoryBuilder().add({ kind: 'get', key: 'Beta' }, 0, 4, fail('BLOB_CHECKSUM_MISMATCH'));
    expect(await checkBlob(corrupt, {})).toEqual(['checksum-agrees']);

    const phantom = new HistoryBuilder().add({ kind: 'list' }, 0, 4, ok(['.tmp-0-1']));
    expect(await checkBlob(phantom, {})).toEqual(['no-temp-leaks']);

    const hasGhost = new HistoryBuilder().add({ kind: 'has', key: 'Beta' }, 0, 4, ok(true));
    expect(await checkBlob(hasGhost, {})).toEqual(['stale-read']);
  });

  it('treats an AlreadyExists answer as proof that some value is durable', async () => {
    const h = new HistoryBuilder()
      .add({ kind: 'put', key: 'alpha', valueId: 0, sizeBytes: 50, overwrite: false }, 0, null, CUT)
      .add({ kind: 'put', key: 'alpha', valueId: 1, sizeBytes: 50, overwrite: false }, 2, 9, fail('BLOB_ALREADY_EXISTS'));
    expect(await checkBlob(h, {})).toEqual(['acknowledged-durability']);
    expect(await checkBlob(h, { alpha: { kind: 'put', key: 'alpha', valueId: 0, sizeBytes: 50, overwrite: false } })).toEqual([]);
  });

  it('generates deterministic workloads over its key space with distinct values', () => {
    const size = { clientsCount: 3, operationsCount: 40 };
    const a = blobScenario.generate(new Rng('t'), size);
    expect(blobScenario.generate(new Rng('t'), size)).toEqual(a);
    expect(a.length).toBe(3);
    const ops = a.flat();
    expect(ops.length).toBe(40);
    for (const op of ops) if (op.kind !== 'list' && op.kind !== 'listPrefix' && !isHostile(op)) expect(BLOB_KEYS).toContain(op.key);
    const valueIds = ops.flatMap((op) => ('valueId' in op ? [op.valueId] : []));
    expect(new Set(valueIds).size).toBe(valueIds.length);
  });
});

describe('blob-put-if-absent scenario check', () => {
  const check = (h: HistoryBuilder, state: Record<string, BlobWriteOp | Uint8Array>) => checkBlob(h, state, blobPutIfAbsentScenario);

  it('accepts one winner and losers told AlreadyExists', async () => {
    const h = new HistoryBuilder()
      .add(pia('one', 0), 0, 10, ok())
      .add(pia('one', 1), 2, 11, fail('BLOB_ALREADY_EXISTS'))
      .add(pia('one', 2), 3, null, CUT);
    expect(await check(h, { one: pia('one', 0) })).toEqual([]);
  });

  it('flags two winners, and a cut candidate visible instead of the acknowledged winner', async () => {
    const twice = new HistoryBuilder().add(pia('one', 0), 0, 10, ok()).add(pia('one', 1), 2, 12, ok());
    expect(await check(twice, { one: pia('one', 1) })).toContain('single-winner');
    const usurped = new HistoryBuilder().add(pia('one', 0), 0, 10, ok()).add(pia('one', 1), 2, null, CUT);
    expect(await check(usurped, { one: pia('one', 1) })).toEqual(['single-winner']);
  });

  it('flags a lost winner, including one only a loser was told about', async () => {
    const lost = new HistoryBuilder().add(pia('two', 0), 0, 10, ok());
    expect(await check(lost, {})).toEqual(['acknowledged-durability']);
    const onlyLoser = new HistoryBuilder().add(pia('two', 0), 0, null, CUT).add(pia('two', 1), 1, 8, fail('BLOB_ALREADY_EXISTS'));
    expect(await check(onlyLoser, {})).toEqual(['acknowledged-durability']);
  });
});

describe('scenario apply', () => {
  it('runs each operation against a store and returns JSON-friendly results', async () => {
    const store = await openBlobStore(createMemFs(), ROOT);
    expect(await blobScenario.apply(store, put('alpha', 3, 100))).toBeNull();
    expect(await blobScenario.apply(store, { kind: 'get', key: 'alpha' })).toBe(fingerprint(valueBytes(put('alpha', 3, 100))));
    expect(await blobScenario.apply(store, { kind: 'has', key: 'alpha' })).toBe(true);
    expect(await blobScenario.apply(store, { kind: 'list' })).toEqual(['alpha']);
    expect(await blobScenario.apply(store, { kind: 'delete', key: 'alpha' })).toBeNull();
    expect(blobScenario.describe(put('alpha', 3, 100))).toBe('put alpha v3 (100 B)');
  });
});
