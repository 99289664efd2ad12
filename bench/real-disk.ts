import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFs } from '../src/fs/node-fs.js';
import { contender, describeError, sideBySide } from './harness.js';
import type { BenchContext, BenchSection, Contender, Json, RateResult, Skip } from './harness.js';

/**
 * The stores on the real disk (NodeFs in a temp directory, removed afterwards), where every sync
 * is a real fsync: what group commit and batching buy. Each comparison runs its two sides in
 * alternating rounds, about 2 s per side in all.
 */

interface Comparison {
  readonly store: string;
  readonly unit: string;
  /** The baseline first, then what it is compared with. */
  readonly results: readonly RateResult[];
}

const ENTRY_BYTES = 128;
const VALUE_BYTES = 1024;

function payload(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes;
}

/** `clients` concurrent loops of `perClient` sequential tasks; resolves to the tasks run. */
async function clients(count: number, perClient: number, task: (client: number, i: number) => Promise<void>): Promise<number> {
  await Promise.all(
    Array.from({ length: count }, async (_, client) => {
      for (let i = 0; i < perClient; i++) await task(client, i);
    }),
  );
  return count * perClient;
}

async function walComparison(base: string, context: BenchContext): Promise<Comparison> {
  const { openSegmentLog } = await import('../src/wal/index.js');
  type Log = Awaited<ReturnType<typeof openSegmentLog>>;
  const appenders = (count: number, perClient: number): Contender<unknown> =>
    contender<Log>({
      name: `${count} appender${count > 1 ? 's' : ''}`,
      setup: () => openSegmentLog(NodeFs, join(base, `wal-${count}`)),
      iterate: (log) => clients(count, perClient, async (client, i) => {
        await log.append([payload(ENTRY_BYTES, client + i)]);
      }),
      teardown: (log) => log.close(),
    });
  const results = await sideBySide([appenders(1, 1), appenders(32, 4)], roundsOf(context));
  return { store: 'wal', unit: 'appends/s', results };
}

function flatKey(prefix: string, n: number): string {
  return `${prefix}${(n % 1000).toString(36).toUpperCase().padStart(4, '0')}`;
}

async function flatfsComparison(base: string, context: BenchContext): Promise<Comparison> {
  const { createFlatStore } = await import('../src/flatfs/index.js');
  type Store = Awaited<ReturnType<typeof createFlatStore>>;
  interface FlatState {
    readonly store: Store;
    next: number;
  }
  const open = async (name: string): Promise<FlatState> => ({ store: await createFlatStore(NodeFs, join(base, name)), next: 0 });
  const batched = contender<FlatState>({
    name: 'batch commit of 100 keys',
    setup: () => open('flat-batch'),
    async iterate(state) {
      const batch = state.store.batch();
      for (let i = 0; i < 100; i++) await batch.put(flatKey('B', state.next++), payload(VALUE_BYTES, i));
      await batch.commit();
      return 100;
    },
    teardown: (state) => state.store.close(),
  });
  // Ten at a time (not a hundred) so a round is not one long iteration; the rate is the same.
  const singles = contender<FlatState>({
    name: '100 single puts',
    setup: () => open('flat-single'),
    async iterate(state) {
      for (let i = 0; i < 10; i++) await state.store.put(flatKey('S', state.next++), payload(VALUE_BYTES, i));
      return 10;
    },
    teardown: (state) => state.store.close(),
  });
  const results = await sideBySide([singles, batched], roundsOf(context));
  return { store: 'flatfs', unit: 'keys/s', results };
}

async function mvccComparison(base: string, context: BenchContext): Promise<Comparison> {
  const { MvccStore } = await import('../src/mvcc/index.js');
  type Store = Awaited<ReturnType<typeof MvccStore.open>>;
  interface MvccState {
    readonly store: Store;
    nextTs: number;
  }
  const writers = (count: number, perClient: number): Contender<unknown> =>
    contender<MvccState>({
      name: `${count} writer${count > 1 ? 's' : ''}`,
      async setup() {
        const store = await MvccStore.open(NodeFs, join(base, `mvcc-${count}`));
        return { store, nextTs: store.lastCommitTs() };
      },
      iterate: (state) => clients(count, perClient, async (client, i) => {
        const commitTs = ++state.nextTs;
        // Keys are per writer, so transactions never conflict: each one is a committed transaction.
        await state.store.applyMutations([{ type: 'put', key: `w${client}-k${i % 64}`, value: `v${commitTs}` }], commitTs - 1, commitTs);
      }),
      teardown: (state) => state.store.close(),
    });
  const results = await sideBySide([writers(1, 1), writers(16, 4)], roundsOf(context));
  return { store: 'mvcc', unit: 'transactions/s', results };
}

/** About 2 s per side (0.5 s with --quick), split over the rounds. */
function roundsOf(context: BenchContext): { rounds: number; msPerRound: number; warmupMs: number } {
  const { rounds, timeScale } = context.budget;
  return { rounds, msPerRound: (2000 * timeScale) / rounds, warmupMs: 100 * timeScale };
}

const COMPARISONS: readonly { readonly name: string; readonly run: (base: string, context: BenchContext) => Promise<Comparison> }[] = [
  { name: 'wal', run: walComparison },
  { name: 'flatfs', run: flatfsComparison },
  { name: 'mvcc', run: mvccComparison },
];

export const realDiskSection: BenchSection = {
  name: 'real-disk',
  description: 'The stores on the real disk (NodeFs, temp directory): each comparison side by side in alternating rounds, medians.',
  async run(context): Promise<Json> {
    const base = await mkdtemp(join(tmpdir(), 'crashsim-bench-'));
    const comparisons: Comparison[] = [];
    const skips: Skip[] = [];
    try {
      for (const comparison of COMPARISONS) {
        try {
          comparisons.push(await comparison.run(join(base, comparison.name), context));
        } catch (error) {
          skips.push({ what: comparison.name, reason: describeError(error) });
        }
      }
    } finally {
      await rm(base, { recursive: true, force: true });
    }
    const rows = comparisons.flatMap((c) => {
      const baseline = c.results[0]?.medianPerSecond ?? Number.NaN;
      return c.results.map((r) => ({
        store: c.store,
        variant: r.name,
        unit: c.unit,
        perSecond: r.medianPerSecond,
        perSecondByRound: r.perSecondByRound,
        speedupOverFirst: r.medianPerSecond / baseline,
      }));
    });
    context.table(
      'real-disk: NodeFs in a temp directory (median of rounds)',
      ['store', 'variant', 'rate', 'unit', 'min round', 'max round', 'speed-up'],
      rows.map((r) => [r.store, r.variant, r.perSecond, r.unit, Math.min(...r.perSecondByRound), Math.max(...r.perSecondByRound), `${r.speedupOverFirst.toFixed(2)}x`]),
    );
    context.note('speed-up: against the first variant of the same store (1 appender / 100 single puts / 1 writer)');
    for (const skip of skips) context.note(`skipped ${skip.what}: ${skip.reason}`);
    return { rows, skipped: skips.map((s) => ({ ...s })) };
  },
};
