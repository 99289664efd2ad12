import { spawn } from 'node:child_process';
import { REPO_ROOT, type NpmProfile } from './packages.js';

/**
 * The `npm run sim` commands behind every number of the verdict table, run as a user runs them
 * (a child process from the repository root), with their JSON output read back. What the table
 * says is what these commands print, so the commands printed beside it reproduce it.
 */

/** Runs per campaign: the README's table is made with the default. */
export const DEFAULT_RUNS = 200;
/** Wall-clock budget of one campaign, far above what it needs, so it never stops early. */
const CAMPAIGN_TIME_SECONDS = 900;

export interface CliRun {
  /** The command as typed in a shell, from the repository root. */
  readonly command: string;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run sim -- ARGS` from the repository root. */
export function runSim(args: readonly string[]): Promise<CliRun> {
  const command = `npm run sim -- ${args.join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'sim', '--', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => { stdout += text; });
    child.stderr.setEncoding('utf8').on('data', (text: string) => { stderr += text; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ command, exitCode: code ?? -1, stdout, stderr }));
  });
}

export interface CampaignOutcome {
  readonly command: string;
  readonly runs: number;
  readonly failingSeeds: readonly number[];
  /** Violations found per invariant over the whole campaign. */
  readonly invariants: Readonly<Record<string, number>>;
  readonly campaignHash: string;
}

interface CampaignJson {
  readonly campaignHash: string;
  readonly completed: boolean;
  readonly scenarios: readonly { readonly runs: number; readonly failingSeeds: readonly number[]; readonly invariants: Record<string, number> }[];
}

function parseJson<T>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`\`${run.command}\` exited ${run.exitCode} without JSON output:\n${run.stderr.slice(-2000)}`);
  }
}

/**
 * One `atomic-file` campaign of `impl` under `profile`. Unshrunk: the table's shrunk cases are the
 * committed ones of reports/regressions/, shrunk to a fixpoint (the CLI shrinks within a
 * wall-clock budget, so what it reaches depends on the machine).
 */
export async function runCampaign(impl: string, profile: NpmProfile, runs: number): Promise<CampaignOutcome> {
  const args = ['--scenario', 'atomic-file', '--impl', impl, '--profile', profile, '--runs', String(runs), '--time', String(CAMPAIGN_TIME_SECONDS), '--no-shrink', '--no-swarm'];
  const run = await runSim([...args, '--json']);
  const summary = parseJson<CampaignJson>(run);
  const scenario = summary.scenarios[0];
  if (scenario === undefined || !summary.completed || (run.exitCode !== 0 && run.exitCode !== 1)) {
    throw new Error(`\`${run.command}\` did not complete its campaign (exit ${run.exitCode}):\n${run.stderr.slice(-2000)}`);
  }
  return {
    command: `npm run sim -- ${args.join(' ')}`,
    runs: scenario.runs,
    failingSeeds: scenario.failingSeeds,
    invariants: scenario.invariants,
    campaignHash: summary.campaignHash,
  };
}

export interface Confirmation {
  readonly command: string;
  readonly confirmed: boolean;
  /** The invariant the real disk broke, or what it kept. */
  readonly detail: string;
}

interface ConfirmJson {
  readonly confirmed: boolean;
  readonly sameTraceHash: boolean;
  readonly expected: readonly string[];
  readonly modes: readonly { readonly violations: readonly { readonly invariant: string }[]; readonly statesCount?: number }[];
}

/** Confirms the minimized case of a report on the real disk, in image mode. */
export async function confirmOnRealDisk(reportPath: string, impl: string): Promise<Confirmation> {
  const args = ['--replay', reportPath, '--minimized', '--impl', impl, '--backend', 'real', '--confirm-mode', 'image'];
  const run = await runSim([...args, '--json']);
  if (run.exitCode !== 0 && run.exitCode !== 1) throw new Error(`\`${run.command}\` could not confirm (exit ${run.exitCode}):\n${run.stderr.slice(-2000)}`);
  const result = parseJson<ConfirmJson>(run);
  const mode = result.modes[0];
  // Every invariant the simulator found that the real disk broke too, in the simulator's order.
  const broken = new Set((mode?.violations ?? []).map((v) => v.invariant));
  const confirmed = result.expected.filter((name) => broken.has(name));
  const states = mode?.statesCount === undefined ? '' : ` (${mode.statesCount} state${mode.statesCount === 1 ? '' : 's'})`;
  const diverged = result.sameTraceHash ? '' : ', replay diverged';
  const detail = confirmed.length === 0 ? `not confirmed${states}${diverged}` : `confirmed: ${confirmed.join(', ')}${states}${diverged}`;
  return { command: `npm run sim -- ${args.join(' ')}`, confirmed: result.confirmed, detail };
}
