import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatNumber, nowMs } from './harness.js';
import type { BenchContext, BenchSection, Json } from './harness.js';

/**
 * Memory of long campaigns: the peak resident memory (maxRSS) of one process running a campaign
 * of 10^4, 10^5 and 10^6 runs (10^3 to 10^5 with --quick), each in a fresh process so that one
 * campaign's heap does not carry into the next. Flat memory in the number of runs means the 10^6
 * figure stays near the 10^4 one: a campaign keeps counts and a 128-bit hash sum, not a record
 * per run. The scenario is the fastest there is (state-file with one client and one operation),
 * on one worker thread; 10^6 runs take minutes, so the section runs only when asked for
 * (`npm run bench -- --only long-campaigns`).
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FULL_RUNS = [10_000, 100_000, 1_000_000];
const QUICK_RUNS = [1_000, 10_000, 100_000];
const CAMPAIGN_FLAGS = ['--scenario', 'state-file', '--ops', '1', '--clients', '1', '--workers', '1', '--json', '--time', String(7 * 24 * 3600)];

interface ChildFigures {
  readonly exitCode: number;
  readonly runs: number;
  readonly maxRssKb: number;
  readonly heapUsedBytes: number;
}

function runChild(runs: number, reports: string): Promise<ChildFigures> {
  const args = ['--import', 'tsx', join(ROOT, 'bench', 'long-campaign-child.ts'), ...CAMPAIGN_FLAGS, '--runs', String(runs), '--reports', reports];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`the campaign of ${runs} runs exited with ${String(code)}: ${err.split('\n')[0] ?? ''}`));
      else resolve(JSON.parse(out) as ChildFigures);
    });
  });
}

async function run(context: BenchContext): Promise<Json> {
  const reports = await mkdtemp(join(tmpdir(), 'crashsim-bench-long-'));
  const rows: (string | number)[][] = [];
  const figures: Json[] = [];
  try {
    for (const runs of context.budget.quick ? QUICK_RUNS : FULL_RUNS) {
      const started = nowMs();
      const child = await runChild(runs, reports);
      const seconds = (nowMs() - started) / 1000;
      if (child.exitCode !== 0 || child.runs !== runs) throw new Error(`the campaign of ${runs} runs made ${child.runs} runs, exit ${child.exitCode}`);
      const maxRssMb = child.maxRssKb / 1024;
      rows.push([formatNumber(runs), formatNumber(maxRssMb, 1), formatNumber(child.heapUsedBytes / 2 ** 20, 1), formatNumber(seconds, 1)]);
      figures.push({ runs, maxRssMb, heapUsedMb: child.heapUsedBytes / 2 ** 20, seconds });
      context.note(`  ${formatNumber(runs)} runs: peak RSS ${formatNumber(maxRssMb, 1)} MB (${formatNumber(seconds, 0)} s)`);
    }
  } finally {
    await rm(reports, { recursive: true, force: true });
  }
  const first = figures[0] as { maxRssMb: number };
  const last = figures[figures.length - 1] as { maxRssMb: number };
  context.table('Peak memory of one campaign process (state-file, 1 client, 1 operation, 1 worker)', ['runs', 'peak RSS MB', 'heap at end MB', 'seconds'], rows);
  context.note(`peak RSS at the most runs / at the fewest: ${formatNumber(last.maxRssMb / first.maxRssMb, 2)}x for ${formatNumber(100)}x the runs`);
  return { scenario: 'state-file --ops 1 --clients 1 --workers 1', campaigns: figures, rssRatioLastToFirst: last.maxRssMb / first.maxRssMb };
}

export const longCampaignsSection: BenchSection = {
  name: 'long-campaigns',
  description: 'Peak memory (maxRSS) of campaigns of 10^4, 10^5 and 10^6 runs, each in its own process (opt-in: --only long-campaigns)',
  run,
};
