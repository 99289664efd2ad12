import { SimFs } from '../sim/disk/index.js';
import { Trace } from '../sim/trace.js';
import { CountingFs, syncsOf } from './counting-fs.js';
import type { IoCounts } from './counting-fs.js';
import { describeError } from './harness.js';
import type { BenchSection, Json, Skip } from './harness.js';

/**
 * Deterministic costs per acknowledged operation: syncs (file, directory) and bytes written, for
 * each store, on a simulated disk. Counted twice: by a FileSystem wrapper (which also tells file
 * syncs from directory syncs and sums the bytes) and from the SimFs trace; the two must agree.
 * No timing: the same code gives the same figures on any machine.
 */

/** One measured workload: what it cost per acknowledged operation. */
export interface CostRow {
  readonly store: string;
  readonly operation: string;
  readonly operations: number;
  readonly syncsPerOp: number;
  readonly fileSyncsPerOp: number;
  readonly dirSyncsPerOp: number;
  readonly bytesPerOp: number;
  readonly callsPerOp: number;
  /** Syncs according to the trace (handle.sync + handle.datasync records), per operation. */
  readonly traceSyncsPerOp: number;
  /** Directories synced more than once in the workload (should be none for one batch). */
  readonly dirsSyncedTwice: number;
  readonly target: string;
  readonly targetMet: boolean | null;
}

/** A simulated disk with a trace that keeps every record, wrapped for counting. */
interface CountedDisk {
  readonly sim: SimFs;
  readonly trace: Trace;
  readonly fs: CountingFs;
}

async function countedDisk(roots: readonly string[]): Promise<CountedDisk> {
  const trace = new Trace({ recordsCountMax: 1_000_000 });
  const sim = new SimFs({ trace });
  for (const root of roots) await sim.mkdir(root, { recursive: true });
  const handle = await sim.open('/', 'r');
  await handle.sync();
  await handle.close();
  return { sim, trace, fs: new CountingFs(sim) };
}

function traceSyncsSince(trace: Trace, startSeq: number): number {
  return trace.records().filter((r) => r.seq >= startSeq && (r.call === 'handle.sync' || r.call === 'handle.datasync')).length;
}

interface TargetCheck {
  readonly target: string;
  readonly met: (counts: IoCounts, operations: number) => boolean | null;
}

/** Runs `work` (which performs `operations` acknowledged operations) and returns its costs. */
async function measureCosts(disk: CountedDisk, store: string, operation: string, operations: number, work: () => Promise<void>, check: TargetCheck): Promise<CostRow> {
  disk.fs.take();
  const startSeq = disk.trace.count;
  await work();
  const counts = disk.fs.take();
  const traceSyncs = traceSyncsSince(disk.trace, startSeq);
  return {
    store,
    operation,
    operations,
    syncsPerOp: syncsOf(counts) / operations,
    fileSyncsPerOp: (counts.fileSyncs + counts.fileDatasyncs) / operations,
    dirSyncsPerOp: counts.dirSyncs / operations,
    bytesPerOp: counts.bytesWritten / operations,
    callsPerOp: counts.calls / operations,
    traceSyncsPerOp: traceSyncs / operations,
    dirsSyncedTwice: [...counts.dirSyncsByPath.values()].filter((n) => n > 1).length,
    target: check.target,
    targetMet: check.met(counts, operations),
  };
}

const NO_TARGET: TargetCheck = { target: '-', met: () => null };

function payload(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes;
}

/** `clients` concurrent loops of `perClient` sequential tasks each, as concurrent clients run. */
async function concurrently(clients: number, perClient: number, task: (client: number, i: number) => Promise<void>): Promise<void> {
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; i < perClient; i++) await task(client, i);
    }),
  );
}

const VALUE_BYTES = 1024;

async function blobCosts(): Promise<CostRow[]> {
  const { openBlobStore } = await import('../src/blob/index.js');
  const disk = await countedDisk(['/blob']);
  const store = await openBlobStore(disk.fs, '/blob');
  const puts = 100;
  const minimum: TargetCheck = {
    target: 'exactly 1 file + 1 dir sync',
    met: (c, n) => c.fileSyncs + c.fileDatasyncs === n && c.dirSyncs === n,
  };
  const rows = [
    await measureCosts(disk, 'blob', 'put (new key)', puts, async () => {
      for (let i = 0; i < puts; i++) await store.put(`key-${i}`, payload(VALUE_BYTES, i));
    }, minimum),
    await measureCosts(disk, 'blob', 'put (overwrite)', puts, async () => {
      for (let i = 0; i < puts; i++) await store.put(`key-${i}`, payload(VALUE_BYTES, i + 1));
    }, minimum),
    await measureCosts(disk, 'blob', 'delete', puts, async () => {
      for (let i = 0; i < puts; i++) await store.delete(`key-${i}`);
    }, { target: '1 dir sync', met: (c, n) => c.dirSyncs === n && c.fileSyncs + c.fileDatasyncs === 0 }),
  ];
  await store.close();
  return rows;
}

const WAL_ENTRY_BYTES = 128;

async function walCosts(): Promise<CostRow[]> {
  const { openSegmentLog } = await import('../src/wal/index.js');
  const rows: CostRow[] = [];
  for (const appenders of [1, 32]) {
    const disk = await countedDisk(['/wal']);
    const log = await openSegmentLog(disk.fs, '/wal');
    // One append first, so the segment exists: its creation (a directory sync) is a one-off per
    // segment (1 MiB by default), not a cost of every append.
    await log.append([payload(WAL_ENTRY_BYTES, 0)]);
    const total = 512;
    const check: TargetCheck = appenders === 32 ? { target: '<= 1/8 sync per append', met: (c, n) => syncsOf(c) / n <= 1 / 8 } : NO_TARGET;
    rows.push(await measureCosts(disk, 'wal', `append, ${appenders} appender${appenders > 1 ? 's' : ''}`, total, () =>
      concurrently(appenders, total / appenders, async (client, i) => {
        await log.append([payload(WAL_ENTRY_BYTES, client * 1000 + i)]);
      }), check));
    await log.close();
  }
  return rows;
}

const BATCH_KEYS = 100;

/** Keys whose shard (next-to-last two characters, the default) depends on `n` only, not `prefix`. */
function flatKey(prefix: string, n: number): string {
  return `${prefix}${n.toString(36).toUpperCase().padStart(6, '0')}`;
}

async function flatfsCosts(): Promise<CostRow[]> {
  const { createFlatStore } = await import('../src/flatfs/index.js');
  const disk = await countedDisk(['/flat']);
  const store = await createFlatStore(disk.fs, '/flat');
  // Every put's file synced once; each directory synced at most once; nothing else.
  const batchTarget: TargetCheck = {
    target: '1 per file + 1 per touched dir',
    met: (c) => c.fileSyncs + c.fileDatasyncs === BATCH_KEYS && [...c.dirSyncsByPath.values()].every((n) => n === 1),
  };
  const commitBatch = (prefix: string) => async (): Promise<void> => {
    const batch = store.batch();
    for (let i = 0; i < BATCH_KEYS; i++) await batch.put(flatKey(prefix, i), payload(VALUE_BYTES, i));
    await batch.commit();
  };
  // The same 100 shard positions each time: the first batch creates its shard directories, the
  // second finds them in place (new keys, so every put is a rename into an existing directory).
  const first = await measureCosts(disk, 'flatfs', `batch of ${BATCH_KEYS} keys, new shard dirs`, 1, commitBatch('A'), batchTarget);
  const second = await measureCosts(disk, 'flatfs', `batch of ${BATCH_KEYS} keys, existing shard dirs`, 1, commitBatch('B'), batchTarget);
  const singles = await measureCosts(disk, 'flatfs', 'single put, existing shard dirs', BATCH_KEYS, async () => {
    for (let i = 0; i < BATCH_KEYS; i++) await store.put(flatKey('C', i), payload(VALUE_BYTES, i));
  }, NO_TARGET);
  await store.close();
  return [first, second, singles];
}

async function mvccCosts(): Promise<CostRow[]> {
  const { MvccStore } = await import('../src/mvcc/index.js');
  const rows: CostRow[] = [];
  for (const writers of [1, 16]) {
    const disk = await countedDisk(['/mvcc']);
    const store = await MvccStore.open(disk.fs, '/mvcc');
    // One commit first, so the log's first segment exists (see walCosts).
    await store.applyMutations([{ type: 'put', key: 'warm-up', value: '' }], 0, 1);
    const total = 256;
    let nextTs = store.lastCommitTs();
    rows.push(await measureCosts(disk, 'mvcc', `commit (1 put), ${writers} writer${writers > 1 ? 's' : ''}`, total, () =>
      concurrently(writers, total / writers, async (client, i) => {
        const commitTs = ++nextTs;
        // Keys are per writer, so no transaction conflicts: every one commits.
        await store.applyMutations([{ type: 'put', key: `w${client}-k${i % 32}`, value: `value-${commitTs}` }], commitTs - 1, commitTs);
      }), NO_TARGET));
    await store.close();
  }
  return rows;
}

const STORES: readonly { readonly name: string; readonly measure: () => Promise<CostRow[]> }[] = [
  { name: 'blob', measure: blobCosts },
  { name: 'wal', measure: walCosts },
  { name: 'flatfs', measure: flatfsCosts },
  { name: 'mvcc', measure: mvccCosts },
];

function formatRatio(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(3);
}

export const syncsSection: BenchSection = {
  name: 'syncs',
  description: 'Syncs and bytes written per acknowledged operation on SimFs (deterministic: counted by a FileSystem wrapper and checked against the trace).',
  async run(context): Promise<Json> {
    const rows: CostRow[] = [];
    const skips: Skip[] = [];
    for (const store of STORES) {
      try {
        rows.push(...(await store.measure()));
      } catch (error) {
        // An unfinished or failing store skips its rows; the others are still worth counting.
        skips.push({ what: store.name, reason: describeError(error) });
      }
    }
    context.table(
      'syncs: per acknowledged operation (deterministic)',
      ['store', 'operation', 'ops', 'syncs/op', 'file', 'dir', 'bytes/op', 'calls/op', 'target', 'met'],
      rows.map((r) => [
        r.store,
        r.operation,
        r.operations,
        formatRatio(r.syncsPerOp),
        formatRatio(r.fileSyncsPerOp),
        formatRatio(r.dirSyncsPerOp),
        r.bytesPerOp,
        r.callsPerOp,
        r.target,
        r.targetMet === null ? '-' : r.targetMet ? 'yes' : 'NO',
      ]),
    );
    const disagreements = rows.filter((r) => r.traceSyncsPerOp !== r.syncsPerOp);
    for (const r of disagreements) context.note(`warning: ${r.store} ${r.operation}: wrapper counted ${r.syncsPerOp} syncs/op, trace ${r.traceSyncsPerOp}`);
    if (disagreements.length === 0 && rows.length > 0) context.note('sync counts agree with the SimFs trace for every row');
    for (const skip of skips) context.note(`skipped ${skip.what}: ${skip.reason}`);
    return { rows: rows.map((r) => ({ ...r })), skipped: skips.map((s) => ({ ...s })) };
  },
};
