import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemFs } from '../src/fs/mem-fs.js';
import { NodeFs } from '../src/fs/node-fs.js';
import type { FileSystem } from '../src/fs/types.js';
import { SimFs } from '../sim/disk/index.js';
import { Trace } from '../sim/trace.js';
import { contender, sideBySide } from './harness.js';
import type { BenchSection, Contender, Json } from './harness.js';

/**
 * SimFs against MemFs (and the real disk, for reference) on one fixed operation mix. The
 * target: SimFs at least twice MemFs's operations per second.
 */

const WRITE_BYTES = 4096;
/** Files that stay in the directory so that readdir lists something realistic. */
const RESIDENT_FILES = 16;
/**
 * Operations in one iteration of the mix: open 'wx', write 4 KiB, sync, close, rename, readdir,
 * stat, unlink, then make the directory durable (open 'r', sync, close), as storage code does.
 * The directory sync also keeps SimFs's pending name operations bounded, as they would be in any
 * real workload.
 */
export const OPS_PER_ITERATION = 11;

interface MixState {
  readonly fs: FileSystem;
  readonly dir: string;
  readonly data: Uint8Array;
  iteration: number;
  readonly cleanup: () => Promise<void>;
}

async function prepare(fs: FileSystem, dir: string, cleanup: () => Promise<void>): Promise<MixState> {
  await fs.mkdir(dir, { recursive: true });
  const data = new Uint8Array(WRITE_BYTES).fill(0x5a);
  for (let i = 0; i < RESIDENT_FILES; i++) await fs.writeFile(`${dir}/resident-${i}`, data);
  return { fs, dir, data, iteration: 0, cleanup };
}

/** One iteration of the fixed mix; returns the number of filesystem calls it made. */
async function mixIteration(state: MixState): Promise<number> {
  const { fs, dir } = state;
  const n = state.iteration++;
  const temp = `${dir}/tmp-${n}`;
  const final = `${dir}/obj-${n}`;
  const handle = await fs.open(temp, 'wx');
  await handle.write(state.data, 0, WRITE_BYTES, 0);
  await handle.sync();
  await handle.close();
  await fs.rename(temp, final);
  const names = await fs.readdir(dir);
  if (names.length !== RESIDENT_FILES + 1) throw new Error(`fs-ops: readdir of ${dir} listed ${names.length} names, expected ${RESIDENT_FILES + 1}`);
  const stats = await fs.stat(final);
  if (stats.size !== WRITE_BYTES) throw new Error(`fs-ops: ${final} has ${stats.size} bytes, expected ${WRITE_BYTES}`);
  await fs.unlink(final);
  const dirHandle = await fs.open(dir, 'r');
  await dirHandle.sync();
  await dirHandle.close();
  return OPS_PER_ITERATION;
}

function mixContender(name: string, open: () => Promise<MixState>): Contender<unknown> {
  return contender<MixState>({
    name,
    setup: open,
    iterate: mixIteration,
    teardown: (state) => state.cleanup(),
  });
}

const noCleanup = async (): Promise<void> => {};

export const fsOpsSection: BenchSection = {
  name: 'fs-ops',
  description: `One fixed mix (open wx, write 4 KiB, sync, close, rename, readdir, stat, unlink, directory open/sync/close: ${OPS_PER_ITERATION} calls) on each filesystem, side by side.`,
  async run(context): Promise<Json> {
    const { budget } = context;
    const contenders = [
      mixContender('SimFs', () => prepare(new SimFs(), '/bench', noCleanup)),
      mixContender('MemFs', () => prepare(createMemFs(), '/bench', noCleanup)),
      // What the runner's fast path uses: the trace keeps its hash but no records.
      mixContender('SimFs (trace hash only)', () => prepare(new SimFs({ trace: new Trace({ keepRecords: false }) }), '/bench', noCleanup)),
    ];
    const memory = await sideBySide(contenders, { rounds: budget.rounds + 2, msPerRound: 1000 * budget.timeScale });

    // The real disk fsyncs for real: far slower, so it is measured apart, briefly, for scale only.
    const real = await sideBySide(
      [
        mixContender('NodeFs (temp dir)', async () => {
          const base = await mkdtemp(join(tmpdir(), 'crashsim-bench-fsops-'));
          return prepare(NodeFs, join(base, 'bench'), () => rm(base, { recursive: true, force: true }));
        }),
      ],
      { rounds: budget.rounds, msPerRound: 400 * budget.timeScale, warmupMs: 0 },
    );

    const results = [...memory, ...real];
    const memFs = memory.find((r) => r.name === 'MemFs')?.medianPerSecond ?? Number.NaN;
    const simFs = memory.find((r) => r.name === 'SimFs')?.medianPerSecond ?? Number.NaN;
    const ratio = simFs / memFs;
    context.table(
      'fs-ops: operations per second (median of rounds)',
      ['filesystem', 'ops/s', 'min round', 'max round', 'vs MemFs'],
      results.map((r) => [r.name, r.medianPerSecond, Math.min(...r.perSecondByRound), Math.max(...r.perSecondByRound), `${(r.medianPerSecond / memFs).toFixed(2)}x`]),
    );
    context.note(`SimFs / MemFs = ${ratio.toFixed(2)}x (target >= 2x: ${ratio >= 2 ? 'met' : 'NOT met'})`);
    return {
      mix: 'open wx, write 4 KiB, sync, close, rename, readdir (17 names), stat, unlink, open dir r, sync dir, close dir',
      opsPerIteration: OPS_PER_ITERATION,
      writeBytes: WRITE_BYTES,
      results: results.map((r) => ({ name: r.name, opsPerSecond: r.medianPerSecond, opsPerSecondByRound: r.perSecondByRound })),
      simFsOverMemFs: ratio,
      target: 2,
      targetMet: ratio >= 2,
    };
  },
};
