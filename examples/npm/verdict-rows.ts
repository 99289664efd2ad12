import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { confirmOnRealDisk, readSeedReport, runCampaign, type CampaignOutcome, type Confirmation, type ShrunkCase } from './cli-runs.js';
import { REPO_ROOT, describeVersion, type NpmProfile, type NpmSubject } from './packages.js';

/**
 * One row of the verdict table: a package under one crash model. The campaign of its adapter;
 * for the first failing seed, the invariant it broke, its shrunk case and whether the real disk
 * shows it too (image mode); and the campaign of the fixed variant under the same model.
 */

export interface FirstFailure {
  readonly seed: number;
  /** The invariants the first failing run broke, in the order it found them. */
  readonly invariants: readonly string[];
  readonly shrunk: ShrunkCase;
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

/** Where the campaign of `subject`'s adapter under `profile` writes its reports (never committed). */
export function reportsDirOf(subject: NpmSubject, profile: NpmProfile): string {
  return `reports/npm/${subject.name}-${profile}`;
}

function distinct(names: readonly string[]): string[] {
  return names.filter((name, index) => names.indexOf(name) === index);
}

async function firstFailureOf(subject: NpmSubject, campaign: CampaignOutcome): Promise<FirstFailure | null> {
  const seed = campaign.failingSeeds[0];
  if (seed === undefined || campaign.reportsDir === null) return null;
  const shrunk = await readSeedReport(campaign.reportsDir, seed);
  const invariants = distinct(shrunk.report.original.violations.map((v) => v.invariant));
  const confirmation = await confirmOnRealDisk(shrunk.reportPath, subject.adapter);
  return { seed, invariants, shrunk, confirmation };
}

/** Runs everything one row needs; `log` hears each command as it starts. */
export async function judge(subject: NpmSubject, profile: NpmProfile, runs: number, log: (line: string) => void): Promise<VerdictRow> {
  const reportsDir = reportsDirOf(subject, profile);
  // Reports of an earlier run must not stand in for this one's.
  await rm(join(REPO_ROOT, reportsDir), { recursive: true, force: true });
  log(`${subject.name} under ${profile}: the package's adapter`);
  const campaign = await runCampaign(subject.adapter, profile, runs, reportsDir);
  const firstFailure = await firstFailureOf(subject, campaign);
  log(`${subject.name} under ${profile}: the fixed variant`);
  const fixed = await runCampaign(subject.fixed, profile, runs, null);
  return { subject, version: await describeVersion(subject), profile, campaign, firstFailure, fixed };
}
