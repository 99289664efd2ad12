import fs from 'node:fs';
import { promisify } from 'node:util';
import { ATOMIC_FILE_CONTRACT, type AtomicFile } from '../scenarios/atomic-file/index.js';
import { SimFs } from '../sim/disk/index.js';
import { NodeRun, installInterposition, nodeModuleFactory } from '../sim/node/index.js';
import { Trace } from '../sim/trace.js';
import { contender, sideBySide } from './harness.js';
import type { BenchSection, Contender, Json } from './harness.js';
import { writeFileAtomicPort } from './node-fs-ports.js';

/**
 * Where an interposed run's time goes, piece by piece, each beside its counterpart on the
 * FileSystem interface, on one disk with no scheduler, crash or check:
 * - a simulated process started and closed (write-file-atomic's CommonJS adapter, no operation:
 *   a fresh clock, exit hooks, the module graph evaluated), beside opening the port;
 * - one `fs.stat`, and one `fs.open` with its `fs.close`, through `promisify` as write-file-atomic
 *   calls them, beside the same calls of SimFs;
 * - one save of write-file-atomic in a running process (the package's own work included: its
 *   temp name hash, exit-hook listeners, promisify on every call; a hundredth of a process start),
 *   beside its port's save.
 */

const ROOT = '/crashsim-bench-costs';
const FILE = `${ROOT}/file`;
/** Calls per iteration inside one execution of a run: an execution costs about a process start. */
const CALLS_PER_EXECUTION = 500;
const SAVES_PER_EXECUTION = 100;


async function freshDisk(): Promise<SimFs> {
  const disk = new SimFs({ trace: new Trace({ keepRecords: false }) });
  await disk.mkdir(ROOT);
  await disk.writeFile(FILE, 'x');
  return disk;
}

const adapter = (): ReturnType<typeof nodeModuleFactory<AtomicFile>> => nodeModuleFactory<AtomicFile>(new URL('./write-file-atomic.cjs', import.meta.url), ATOMIC_FILE_CONTRACT);

type Closable = AtomicFile & { close?: () => Promise<void> };

/** Opens (and closes) a store `times` times on one disk; returns `times`. */
function opening(name: string, open: (disk: SimFs) => Promise<Closable>, times: number): Contender<unknown> {
  return contender<SimFs>({
    name,
    setup: freshDisk,
    async iterate(disk) {
      for (let i = 0; i < times; i++) await (await open(disk)).close?.();
      return times;
    },
  });
}

/** `call` made CALLS_PER_EXECUTION times, inside one execution of a run when `interposed`. */
function calling(name: string, interposed: boolean, call: (disk: SimFs) => Promise<unknown>, count = CALLS_PER_EXECUTION): Contender<unknown> {
  return contender<{ disk: SimFs; run: NodeRun }>({
    name,
    async setup() {
      const disk = await freshDisk();
      return { disk, run: new NodeRun({ disk, root: ROOT, seed: 1 }) };
    },
    async iterate({ disk, run }) {
      const calls = async (): Promise<number> => {
        for (let i = 0; i < count; i++) await call(disk);
        return count;
      };
      return interposed ? run.execute(calls) : calls();
    },
  });
}

/**
 * SAVES_PER_EXECUTION saves on a store opened for them and closed after (a process of its own,
 * for write-file-atomic: one left running between iterations would fake the clock the harness
 * reads). The directory is synced after each batch, so the disk's pending renames stay few.
 */
function saving(name: string, open: (disk: SimFs) => Promise<Closable>): Contender<unknown> {
  return contender<{ disk: SimFs; saves: number }>({
    name,
    setup: async () => ({ disk: await freshDisk(), saves: 0 }),
    async iterate(state) {
      const store = await open(state.disk);
      for (let i = 0; i < SAVES_PER_EXECUTION; i++) await store.save('state.json', `{"save":${state.saves++}}`);
      await store.close?.();
      const directory = await state.disk.open(ROOT, 'r');
      await directory.sync();
      await directory.close();
      return SAVES_PER_EXECUTION;
    },
  });
}

const PAIRS = [
  { what: 'start and close a process', interposed: 'write-file-atomic adapter', plain: 'its port opened' },
  { what: 'fs.stat', interposed: 'promisify(fs.stat)', plain: 'SimFs stat' },
  { what: 'fs.open + fs.close', interposed: 'promisify(fs.open), (fs.close)', plain: 'SimFs open + close' },
  { what: 'a save of write-file-atomic', interposed: 'the package, in a process', plain: 'its port' },
] as const;

export const nodeFsCostsSection: BenchSection = {
  name: 'node-fs-costs',
  description: 'The pieces of an interposed run (a process start, an fs call, a save of write-file-atomic), each beside its counterpart on the FileSystem interface.',
  async run(context): Promise<Json> {
    // Before fs's functions are taken: interposition replaces them in place.
    installInterposition();
    const statNode = promisify(fs.stat);
    const openNode = promisify(fs.open);
    const closeNode = promisify(fs.close);
    const wfa = adapter();
    const contenders = [
      opening('process', (disk) => wfa(disk, ROOT) as Promise<Closable>, 20),
      opening('port open', (disk) => writeFileAtomicPort(disk, ROOT) as Promise<Closable>, 20),
      calling('stat interposed', true, () => statNode(FILE)),
      calling('stat', false, (disk) => disk.stat(FILE)),
      calling('open+close interposed', true, async () => closeNode(await openNode(FILE, 'r'))),
      calling('open+close', false, async (disk) => (await disk.open(FILE, 'r')).close()),
      saving('save interposed', (disk) => wfa(disk, ROOT) as Promise<Closable>),
      saving('save port', (disk) => writeFileAtomicPort(disk, ROOT) as Promise<Closable>),
    ];
    const { budget } = context;
    const rates = await sideBySide(contenders, { rounds: budget.rounds, msPerRound: 600 * budget.timeScale, warmupMs: 300 * budget.timeScale });
    const rows = PAIRS.map((pair, i) => {
      const interposed = rates[2 * i]?.medianPerSecond ?? Number.NaN;
      const plain = rates[2 * i + 1]?.medianPerSecond ?? Number.NaN;
      return { what: pair.what, interposed: pair.interposed, plain: pair.plain, interposedUs: 1e6 / interposed, plainUs: 1e6 / plain, extraUs: 1e6 / interposed - 1e6 / plain };
    });
    context.table(
      'node-fs-costs: microseconds per piece (median of rounds, one core, no scheduler)',
      ['piece', 'interposed', 'µs', 'on the interface', 'µs', 'extra µs'],
      rows.map((r) => [r.what, r.interposed, r.interposedUs, r.plain, r.plainUs, r.extraUs]),
    );
    return { rows };
  },
};
