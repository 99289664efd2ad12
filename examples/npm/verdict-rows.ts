import { join } from 'node:path';
import { readReport, type FailureReport } from '../../sim/index.js';
import { confirmOnRealDisk, runCampaign, type CampaignOutcome, type Confirmation } from './cli-runs.js';
import { REPO_ROOT, describeVersion, regressionFileOf, type NpmProfile, type NpmSubject } from './packages.js';

/**
 * One row of the verdict table: a package under one crash model. The campaign of its adapter;
 * for its first failing seed, the committed shrunk case (reports/regressions/) and whether the
 * real disk shows it too (image mode); and the campaign of the fixed variant under the same model.
 */

export interface FirstFailure {
  readonly seed: number;
  /** Repo-relative path of the committed shrunk case of that seed. */
  readonly reportPath: string;
  readonly report: FailureReport;
  readonly confirmation: Confirmation;
}

export interface VerdictRow {
  readonly subject: NpmSubject;
  readonly version: string;
  readonly profile: NpmProfile;
  readonly campaign: CampaignOutcome;
  readonly firstFailure: FirstFailure | null;
  readonly fixed: CampaignOutcome;
}

/** The committed shrunk case of the campaign's first failing seed, confirmed on the real disk. */
async function firstFailureOf(subject: NpmSubject, profile: NpmProfile, campaign: CampaignOutcome): Promise<FirstFailure | null> {
  const seed = campaign.failingSeeds[0];
  if (seed === undefined) return null;
  const reportPath = `reports/regressions/${regressionFileOf(subject, profile)}`;
  const regenerate = 'run `npx tsx test/regressions/generate.ts npm-` to save it again';
  let report: FailureReport;
  try {
    report = await readReport(join(REPO_ROOT, reportPath));
  } catch (error) {
    throw new Error(`${reportPath}: ${(error as Error).message}; ${regenerate}`);
  }
  if (report.seed !== seed) throw new Error(`${reportPath} is seed ${report.seed}, but the campaign's first failing seed is ${seed}: ${regenerate}`);
  return { seed, reportPath, report, confirmation: await confirmOnRealDisk(reportPath, subject.adapter) };
}

/** Runs everything one row needs; `log` hears each step as it starts. */
export async function judge(subject: NpmSubject, profile: NpmProfile, runs: number, log: (line: string) => void): Promise<VerdictRow> {
  log(`${subject.name} under ${profile}: the package's adapter`);
  const campaign = await runCampaign(subject.adapter, profile, runs);
  const firstFailure = await firstFailureOf(subject, profile, campaign);
  log(`${subject.name} under ${profile}: the fixed variant`);
  const fixed = await runCampaign(subject.fixed, profile, runs);
  return { subject, version: await describeVersion(subject), profile, campaign, firstFailure, fixed };
}
