import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { installScratchProject, packTarball, type ScratchProject, userEnv } from '../test/package/scratch-project.js';
import { formatNumber, median, nowMs } from './harness.js';
import type { BenchContext, BenchSection, Json } from './harness.js';

/**
 * What a user waits for, measured on the installed package: `npm pack` (which builds dist/), the
 * tarball installed into a scratch project outside the repository, and the CLI run there as
 * `node node_modules/.bin/crashsim` (the file `npx crashsim` runs, without npx's own start-up).
 * Every figure is wall-clock time from spawning the process to its exit, so it includes Node's
 * start, loading the compiled modules and booting worker threads.
 *
 * Targets: the first run done within 0.3 s of the start; 2 workers at least 1.8x as fast as 1 on
 * 9,000 runs over blob, wal and mvcc and on 20,000 blob runs.
 */

const FIRST_RUN_SECONDS_TARGET = 0.3;
const SPEEDUP_TARGET = 1.8;

interface Timed {
  readonly seconds: number;
  readonly stdout: string;
}

function timeCommand(project: ScratchProject, args: readonly string[]): Timed {
  const started = nowMs();
  const result = spawnSync(process.execPath, args, { cwd: project.dir, env: userEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (nowMs() - started) / 1000;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${String(result.status)}: ${result.stderr.split('\n')[0] ?? ''}`);
  return { seconds, stdout: result.stdout };
}

function crashsimArgs(project: ScratchProject, args: readonly string[]): string[] {
  return [join(project.dir, 'node_modules', '.bin', 'crashsim'), ...args, '--reports', join(project.dir, 'reports')];
}

interface StartupFigures {
  readonly name: string;
  readonly medianSeconds: number;
  readonly minSeconds: number;
}

function measureStartup(project: ScratchProject, samples: number): StartupFigures[] {
  const commands: readonly (readonly [string, readonly string[]])[] = [
    ['node -e 0 (Node alone, for scale)', ['-e', '0']],
    ['crashsim --help (load only)', crashsimArgs(project, ['--help'])],
    ['first run, 1 worker (blob, 1 run)', crashsimArgs(project, ['--scenario', 'blob', '--runs', '1', '--workers', '1'])],
    ['first run, 2 workers (blob, 1 run)', crashsimArgs(project, ['--scenario', 'blob', '--runs', '1', '--workers', '2'])],
  ];
  const seconds: number[][] = commands.map(() => []);
  for (let sample = 0; sample < samples; sample++) {
    for (const [i, [, args]] of commands.entries()) seconds[i]?.push(timeCommand(project, args).seconds);
  }
  return commands.map(([name], i) => ({ name, medianSeconds: median(seconds[i] ?? []), minSeconds: Math.min(...(seconds[i] ?? [])) }));
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
  readonly runs: number;
  readonly campaignHash: string;
}

/** One campaign with `workers` threads; checks that it ran every run and returns its hash. */
function timeCampaign(project: ScratchProject, campaign: Campaign, workers: number): { seconds: number; runs: number; campaignHash: string } {
  const timed = timeCommand(project, crashsimArgs(project, [...campaign.args, '--seed', '1', '--time', '3600', '--workers', String(workers), '--json']));
  const summary = JSON.parse(timed.stdout) as { runs: number; campaignHash: string; completed: boolean };
  if (!summary.completed) throw new Error(`${campaign.name} with ${workers} workers did not complete`);
  return { seconds: timed.seconds, runs: summary.runs, campaignHash: summary.campaignHash };
}

/** 1 and 2 workers in alternating order, round after round; medians of the wall-clock times. */
function measureCampaign(project: ScratchProject, campaign: Campaign, rounds: number): CampaignFigures {
  const seconds: Record<1 | 2, number[]> = { 1: [], 2: [] };
  const hashes = new Set<string>();
  let runs = 0;
  for (let round = 0; round < rounds; round++) {
    const order: readonly (1 | 2)[] = round % 2 === 0 ? [1, 2] : [2, 1];
    for (const workers of order) {
      const measured = timeCampaign(project, campaign, workers);
      seconds[workers].push(measured.seconds);
      hashes.add(measured.campaignHash);
      runs = measured.runs;
    }
  }
  if (hashes.size !== 1) throw new Error(`${campaign.name}: the campaign hash depends on the workers (${[...hashes].join(', ')})`);
  const oneWorkerSeconds = median(seconds[1]);
  const twoWorkersSeconds = median(seconds[2]);
  return { name: campaign.name, oneWorkerSeconds, twoWorkersSeconds, speedup: oneWorkerSeconds / twoWorkersSeconds, runs, campaignHash: [...hashes][0] ?? '' };
}

function report(context: BenchContext, startup: readonly StartupFigures[], campaigns: readonly CampaignFigures[]): void {
  context.table(
    `Start-up of the installed package (wall clock from spawn to exit; target: first run <= ${FIRST_RUN_SECONDS_TARGET} s)`,
    ['command', 'median s', 'min s'],
    startup.map((row) => [row.name, formatNumber(row.medianSeconds, 3), formatNumber(row.minSeconds, 3)]),
  );
  context.table(
    `Campaigns from the installed package, 2 worker threads against 1 (target >= ${SPEEDUP_TARGET}x)`,
    ['campaign', 'runs', '1 worker s', '2 workers s', 'speedup'],
    campaigns.map((row) => [row.name, row.runs, formatNumber(row.oneWorkerSeconds, 2), formatNumber(row.twoWorkersSeconds, 2), `${formatNumber(row.speedup, 2)}x`]),
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
