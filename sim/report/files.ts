import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveRunOptions, type ResolvedRunOptions, type RunOptions } from '../runner/options.js';
import { type FailureReport, REPORT_FORMAT, REPORT_VERSION, type ReportedCase } from './report.js';
import { formatTimeline } from './timeline.js';
import { checkSwarmConfiguration } from '../swarm/validate.js';

/**
 * Reports on the real disk (this is the CLI's side, not a simulated path). Writing never
 * overwrites a different report; reading validates everything and says what is wrong.
 */

export class ReportError extends Error {
  override readonly name = 'ReportError';
  readonly code = 'EREPORT';
}

export interface WrittenReport {
  readonly jsonPath: string;
  readonly timelinePath: string;
}

/** Writes `<dir>/<scenario>-<seed>.json` and `.txt`; an existing different report gets a suffix. */
export async function writeReport(dir: string, report: FailureReport): Promise<WrittenReport> {
  await mkdir(dir, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  for (let attempt = 1; attempt < 1000; attempt++) {
    const base = `${report.scenario}-${report.seed}${attempt === 1 ? '' : `-${attempt}`}`;
    const jsonPath = join(dir, `${base}.json`);
    const existing = await readFile(jsonPath, 'utf8').catch(() => null);
    if (existing !== null && existing !== json) continue;
    await writeFile(jsonPath, json);
    const timelinePath = join(dir, `${base}.txt`);
    const which = report.minimized === null ? 'original' : 'minimized';
    await writeFile(timelinePath, formatTimeline(report, which));
    return { jsonPath, timelinePath };
  }
  throw new ReportError(`writeReport: too many reports named ${report.scenario}-${report.seed}* in ${dir}; remove old ones`);
}

export async function readReport(path: string): Promise<FailureReport> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new ReportError(`cannot read report ${path}: ${code === 'ENOENT' ? 'no such file' : String(code ?? error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ReportError(`report ${path} is not valid JSON (truncated or edited?); re-run the campaign to get a fresh one`);
  }
  return validateReport(parsed, path);
}

function fail(path: string, rule: string): never {
  throw new ReportError(`report ${path} is corrupt: ${rule}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function validateReport(value: unknown, path: string): FailureReport {
  if (!isRecord(value)) fail(path, 'the top level must be an object');
  if (value['format'] !== REPORT_FORMAT) fail(path, `"format" must be "${REPORT_FORMAT}"`);
  if (value['version'] !== REPORT_VERSION) fail(path, `"version" must be ${REPORT_VERSION} (this crashsim reads version ${REPORT_VERSION})`);
  if (typeof value['scenario'] !== 'string') fail(path, '"scenario" must be a string');
  const seed = value['seed'];
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) fail(path, '"seed" must be a non-negative integer');
  const impl = value['impl'];
  if (impl !== null && typeof impl !== 'string') fail(path, '"impl" must be a string or null');
  const scenarioModule = value['scenarioModule'] ?? null;
  if (scenarioModule !== null && (typeof scenarioModule !== 'string' || scenarioModule === '')) fail(path, '"scenarioModule" must be a module path or null');
  const original = validateCase(value['original'], path, 'original', seed);
  const minimized = value['minimized'] === null || value['minimized'] === undefined ? null : validateCase(value['minimized'], path, 'minimized', seed);
  const shrinking = typeof value['shrinking'] === 'string' ? value['shrinking'] : null;
  return { format: REPORT_FORMAT, version: REPORT_VERSION, scenario: value['scenario'], seed, impl, scenarioModule, original, minimized, shrinking };
}

function validateCase(value: unknown, path: string, name: string, seed: number): ReportedCase {
  if (!isRecord(value)) fail(path, `"${name}" must be an object`);
  const options = validateOptions(value['options'], path, name, seed);
  for (const field of ['crashStep', 'stepsCount'] as const) {
    const n = value[field];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) fail(path, `"${name}.${field}" must be a non-negative integer`);
  }
  if (typeof value['traceHash'] !== 'string' || !/^[0-9a-f]{16}$/.test(value['traceHash'])) fail(path, `"${name}.traceHash" must be 16 hex digits`);
  if (!Array.isArray(value['workload']) || !value['workload'].every((program) => Array.isArray(program))) {
    fail(path, `"${name}.workload" must be an array of client programs (arrays)`);
  }
  for (const field of ['violations', 'history', 'timeline', 'pendingAtCrash'] as const) {
    if (!Array.isArray(value[field])) fail(path, `"${name}.${field}" must be an array`);
  }
  const story = value['crashStory'];
  if (story !== undefined && story !== null && !(isRecord(story) && Array.isArray(story['lines']) && typeof story['state'] === 'number' && typeof story['survivors'] === 'number')) {
    fail(path, `"${name}.crashStory" must be null or { state, survivors, lines }`);
  }
  const lines = (field: string, optional: boolean): string[] => {
    const found = value[field];
    if (found === undefined && optional) return [];
    if (!(Array.isArray(found) && found.every((line) => typeof line === 'string'))) fail(path, `"${name}.${field}" must be an array of strings`);
    return found as string[];
  };
  return {
    ...(value as unknown as ReportedCase),
    options,
    timeline: lines('timeline', false),
    pendingAtCrash: lines('pendingAtCrash', false),
    crashStory: (story ?? null) as ReportedCase['crashStory'],
    injectedFaults: lines('injectedFaults', true),
    recoveryTimeline: lines('recoveryTimeline', true),
  };
}

function validateOptions(value: unknown, path: string, name: string, seed: number): ResolvedRunOptions {
  if (!isRecord(value)) fail(path, `"${name}.options" must be an object`);
  if (value['seed'] !== seed) fail(path, `"${name}.options.seed" must equal "seed"`);
  const number = (field: string): number | undefined => {
    const found = value[field];
    if (found === undefined || found === null) return undefined;
    if (typeof found !== 'number') fail(path, `"${name}.options.${field}" must be a number`);
    return found;
  };
  const text = (field: string): string | undefined => {
    const found = value[field];
    if (found === undefined) return undefined;
    if (typeof found !== 'string') fail(path, `"${name}.options.${field}" must be a string`);
    return found;
  };
  // Each field is handed to resolveRunOptions, which checks its range and names the rule.
  const options: Record<string, unknown> = { seed };
  for (const field of ['clientsCount', 'operationsCount', 'maxStates', 'crashStep', 'sectorSizeBytes', 'stepsMax', 'virtualTimeMsMax']) {
    const found = number(field);
    if (found !== undefined) options[field] = found;
  }
  for (const field of ['profile', 'scheduler', 'exploration', 'root', 'faults']) {
    const found = text(field);
    if (found !== undefined) options[field] = found;
  }
  const crashRecovery = value['crashRecovery'];
  if (crashRecovery !== undefined) {
    if (typeof crashRecovery !== 'boolean') fail(path, `"${name}.options.crashRecovery" must be true or false`);
    options['crashRecovery'] = crashRecovery;
  }
  const swarm = value['swarm'];
  if (swarm !== undefined && swarm !== null) {
    try {
      options['swarm'] = checkSwarmConfiguration(swarm);
    } catch (error) {
      fail(path, `"${name}.options.swarm": ${(error as Error).message}`);
    }
  }
  try {
    return resolveRunOptions(options as unknown as RunOptions, number('clientsCount') ?? 1);
  } catch (error) {
    fail(path, `"${name}.options": ${(error as Error).message}`);
  }
}
