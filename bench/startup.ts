import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { installScratchProject, packTarball, type ScratchProject, userEnv } from '../test/package/scratch-project.js';
import { formatNumber, median, nowMs } from './harness.js';
import type { BenchContext, BenchSection, Json } from './harness.js';

/**
 * What a user waits for, measured on the installed package: `npm pack` (which builds dist/), the
 * tarball installed into a scratch project outside the repository, and the CLI run there as
 * `node node_modules/.bin/crashsim` (the file `npx crashsim` runs, without npx's own start-up).
 * Every time is wall clock from spawning the process to its exit, so it includes Node's start,
 * loading the compiled modules and booting worker threads; beside it, the CPU time the process
 * used (every thread), which a shared machine's load stretches far less.
 *
 * Targets: the first run done within 0.3 s of the start; 2 workers at least 1.8x as fast as 1 on
 * 9,000 runs over blob, wal and mvcc and on 20,000 blob runs.
 */

const FIRST_RUN_SECONDS_TARGET = 0.3;
const SPEEDUP_TARGET = 1.8;

interface Timed {
  readonly seconds: number;
  /** CPU seconds (user + system, every thread) of the child; NaN where /proc is not there. */
  readonly cpuSeconds: number;
  readonly stdout: string;
}

/** Linux's USER_HZ: /proc counts CPU time in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU seconds of this process's reaped children so far (cutime + cstime in /proc/self/stat), NaN
 * off Linux. CPU time tells what a configuration costs even on a shared machine whose load
 * stretches every wall-clock figure.
 */
function reapedChildrenCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

function timeCommand(project: ScratchProject, args: readonly string[]): Timed {
  const cpuBefore = reapedChildrenCpuSeconds();
  const started = nowMs();
  const result = spawnSync(process.execPath, args, { cwd: project.dir, env: userEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (nowMs() - started) / 1000;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${String(result.status)}: ${result.stderr.split('\n')[0] ?? ''}`);
  return { seconds, cpuSeconds: reapedChildrenCpuSeconds() - cpuBefore, stdout: result.stdout };
}

function crashsimArgs(project: ScratchProject, args: readonly string[]): string[] {
  return [join(project.dir, 'node_modules', '.bin', 'crashsim'), ...args, '--reports', join(project.dir, 'reports')];
}

interface StartupFigures {
  readonly name: string;
  readonly medianSeconds: number;
  readonly minSeconds: number;
  readonly medianCpuSeconds: number;
}

function measureStartup(project: ScratchProject, samples: number): StartupFigures[] {
  const commands: readonly (readonly [string, readonly string[]])[] = [
    ['node -e 0 (Node alone, for scale)', ['-e', '0']],
    ['crashsim --help (load only)', crashsimArgs(project, ['--help'])],
    ['first run, 1 worker (blob, 1 run)', crashsimArgs(project, ['--scenario', 'blob', '--runs', '1', '--workers', '1'])],
    ['first run, 2 workers (blob, 1 run)', crashsimArgs(project, ['--scenario', 'blob', '--runs', '1', '--workers', '2'])],
  ];
  const timed: Timed[][] = commands.map(() => []);
  for (let sample = 0; sample < samples; sample++) {
    for (const [i, [, args]] of commands.entries()) timed[i]?.push(timeCommand(project, args));
  }
  return commands.map(([name], i) => {
    const seconds = (timed[i] ?? []).map((t) => t.seconds);
    return { name, medianSeconds: median(seconds), minSeconds: Math.min(...seconds), medianCpuSeconds: median((timed[i] ?? []).map((t) => t.cpuSeconds)) };
  });
}

interface Campaign {
  readonly name: string;
  readonly args: readonly string[];
}

const CAMPAIGNS: readonly Campaign[] = [
  { name: '9,000 runs: blob, wal, mvcc x 3,000', args: ['--scenario', 'blob,wal,mvcc', '--runs', '3000'] },
  { name: '20,000 blob runs', args: ['--scenario', 'blob', '--runs', '20000'] },
];

interface CampaignFigures {
  readonly name: string;
  readonly oneWorkerSeconds: number;
  readonly twoWorkersSeconds: number;
  readonly speedup: number;
  /**
   * The most a second worker could give on this machine: one worker already keeps
   * `oneWorkerCpuSeconds / oneWorkerSeconds` cores busy (V8 collects garbage and compiles on
   * threads of its own), so two need twice that, and the machine has `availableParallelism()`.
   */
  readonly speedupCeiling: number;
  /** Median CPU seconds of the whole process (every thread), 1 worker and 2. */
  readonly oneWorkerCpuSeconds: number;
  readonly twoWorkersCpuSeconds: number;
  /** Every round's wall-clock seconds, for judging the noise behind the medians. */
  readonly oneWorkerSecondsByRound: readonly number[];
  readonly twoWorkersSecondsByRound: readonly number[];
  readonly runs: number;
  readonly campaignHash: string;
}

/** One campaign with `workers` threads; checks that it ran every run and returns its hash. */
function timeCampaign(project: ScratchProject, campaign: Campaign, workers: number): { seconds: number; cpuSeconds: number; runs: number; campaignHash: string } {
  const timed = timeCommand(project, crashsimArgs(project, [...campaign.args, '--seed', '1', '--time', '3600', '--workers', String(workers), '--json']));
  const summary = JSON.parse(timed.stdout) as { runs: number; campaignHash: string; completed: boolean };
  if (!summary.completed) throw new Error(`${campaign.name} with ${workers} workers did not complete`);
  return { seconds: timed.seconds, cpuSeconds: timed.cpuSeconds, runs: summary.runs, campaignHash: summary.campaignHash };
}

/** 1 and 2 workers in alternating order, round after round; medians of the wall-clock times. */
function measureCampaign(project: ScratchProject, campaign: Campaign, rounds: number): CampaignFigures {
  const seconds: Record<1 | 2, number[]> = { 1: [], 2: [] };
  const cpuSeconds: Record<1 | 2, number[]> = { 1: [], 2: [] };
  const hashes = new Set<string>();
  let runs = 0;
  for (let round = 0; round < rounds; round++) {
    const order: readonly (1 | 2)[] = round % 2 === 0 ? [1, 2] : [2, 1];
    for (const workers of order) {
      const measured = timeCampaign(project, campaign, workers);
      seconds[workers].push(measured.seconds);
      cpuSeconds[workers].push(measured.cpuSeconds);
      hashes.add(measured.campaignHash);
      runs = measured.runs;
    }
  }
  if (hashes.size !== 1) throw new Error(`${campaign.name}: the campaign hash depends on the workers (${[...hashes].join(', ')})`);
  const oneWorkerSeconds = median(seconds[1]);
  const twoWorkersSeconds = median(seconds[2]);
  return {
    name: campaign.name,
    oneWorkerSeconds,
    twoWorkersSeconds,
    speedup: oneWorkerSeconds / twoWorkersSeconds,
    speedupCeiling: Math.min(2, availableParallelism() / (median(cpuSeconds[1]) / oneWorkerSeconds)),
    oneWorkerCpuSeconds: median(cpuSeconds[1]),
    twoWorkersCpuSeconds: median(cpuSeconds[2]),
    oneWorkerSecondsByRound: seconds[1],
    twoWorkersSecondsByRound: seconds[2],
    runs,
    campaignHash: [...hashes][0] ?? '',
  };
}

function report(context: BenchContext, startup: readonly StartupFigures[], campaigns: readonly CampaignFigures[]): void {
  context.table(
    `Start-up of the installed package (wall clock from spawn to exit; target: first run <= ${FIRST_RUN_SECONDS_TARGET} s)`,
    ['command', 'median s', 'min s', 'median CPU s'],
    startup.map((row) => [row.name, formatNumber(row.medianSeconds, 3), formatNumber(row.minSeconds, 3), formatNumber(row.medianCpuSeconds, 3)]),
  );
  context.table(
    `Campaigns from the installed package, 2 worker threads against 1 (target >= ${SPEEDUP_TARGET}x; ceiling: the cores there are over the cores 1 worker keeps busy)`,
    ['campaign', 'runs', '1 worker s', '2 workers s', 'speedup', 'ceiling', '1 worker CPU s', '2 workers CPU s'],
    campaigns.map((row) => [
      row.name,
      row.runs,
      formatNumber(row.oneWorkerSeconds, 2),
      formatNumber(row.twoWorkersSeconds, 2),
      `${formatNumber(row.speedup, 2)}x`,
      `${formatNumber(row.speedupCeiling, 2)}x`,
      formatNumber(row.oneWorkerCpuSeconds, 2),
      formatNumber(row.twoWorkersCpuSeconds, 2),
    ]),
  );
}

export const startupSection: BenchSection = {
  name: 'startup',
  description:
    'The packed tarball installed into a scratch project: time from process start to the first run, and 2 worker threads against 1 on 9,000 runs (blob, wal, mvcc) and 20,000 blob runs.',
  async run(context: BenchContext): Promise<Json> {
    const setupStarted = nowMs();
    const tarball = packTarball();
    let project: ScratchProject | undefined;
    try {
      project = installScratchProject(tarball.path, []);
      context.note(`packed and installed in ${formatNumber((nowMs() - setupStarted) / 1000, 1)} s into ${project.dir}; ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
      const startup = measureStartup(project, context.budget.quick ? 5 : 15);
      const installed = project;
      const campaigns = CAMPAIGNS.map((campaign) => measureCampaign(installed, campaign, context.budget.quick ? 1 : 3));
      report(context, startup, campaigns);
      context.note(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (the machine is shared: a load above the core count slows every figure)`);
      return {
        firstRunSecondsTarget: FIRST_RUN_SECONDS_TARGET,
        speedupTarget: SPEEDUP_TARGET,
        startup: startup.map((row) => ({ ...row })),
        campaigns: campaigns.map((row) => ({ ...row })),
      };
    } finally {
      project?.remove();
      tarball.remove();
    }
  },
};
