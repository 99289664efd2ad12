import { CRASH_PROFILES, type CrashProfile } from '../disk/types.js';
import { parseFaultSpec } from '../faults/parse.js';
import type { SizeBounds, SwarmConfiguration, SwarmSpace, WorkloadKnobs } from './types.js';

/**
 * Checks a swarm configuration that came from outside the draw (a report, a caller's RunOptions)
 * and says what is wrong with it: each message is one line naming the field and the rule.
 */

export class SwarmConfigurationError extends RangeError {
  override readonly name = 'SwarmConfigurationError';
}

const CLIENTS_COUNT_MAX = 64;
const KEYS_COUNT_MAX = 1_000_000;
const VALUE_SIZE_BYTES_MAX = 16 * 1024 * 1024;

function fail(rule: string): never {
  throw new SwarmConfigurationError(`swarm configuration: ${rule}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyFields(value: Record<string, unknown>, where: string, fields: readonly string[]): void {
  const extra = Object.keys(value).find((key) => !fields.includes(key));
  if (extra !== undefined) fail(`${where} has an unknown field ${JSON.stringify(extra)} (known: ${fields.join(', ')})`);
}

function integerIn(value: unknown, where: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) fail(`${where} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return value;
}

/** Returns the configuration, rebuilt from its checked fields only. */
export function checkSwarmConfiguration(value: unknown): SwarmConfiguration {
  if (!isRecord(value)) fail('must be an object { profile, faults, clientsCount, knobs }');
  onlyFields(value, 'the configuration', ['profile', 'faults', 'clientsCount', 'knobs']);
  const profile = CRASH_PROFILES.find((p) => p === value['profile']);
  if (profile === undefined) fail(`"profile" must be one of ${CRASH_PROFILES.join(', ')}, got ${JSON.stringify(value['profile'])}`);
  const faults = value['faults'];
  if (typeof faults !== 'string') fail(`"faults" must be a fault spec string ('' for none), got ${JSON.stringify(faults)}`);
  let canonical: string;
  try {
    canonical = parseFaultSpec(faults).toString();
  } catch (error) {
    fail(`"faults": ${(error as Error).message.split('\n')[0] ?? ''}`);
  }
  const clientsCount = integerIn(value['clientsCount'], '"clientsCount"', 1, CLIENTS_COUNT_MAX);
  return { profile: profile as CrashProfile, faults: canonical, clientsCount, knobs: checkKnobs(value['knobs']) };
}

function checkKnobs(value: unknown): WorkloadKnobs {
  if (!isRecord(value)) fail('"knobs" must be an object { keysCount?, valueSizeBytes?, weights? }');
  onlyFields(value, '"knobs"', ['keysCount', 'valueSizeBytes', 'weights']);
  const keysCount = value['keysCount'] === undefined ? undefined : integerIn(value['keysCount'], '"knobs.keysCount"', 1, KEYS_COUNT_MAX);
  const valueSizeBytes = value['valueSizeBytes'] === undefined ? undefined : checkBounds(value['valueSizeBytes']);
  const weights = value['weights'] === undefined ? undefined : checkWeights(value['weights']);
  return {
    ...(keysCount === undefined ? {} : { keysCount }),
    ...(valueSizeBytes === undefined ? {} : { valueSizeBytes }),
    ...(weights === undefined ? {} : { weights }),
  };
}

function checkBounds(value: unknown): SizeBounds {
  if (!isRecord(value)) fail('"knobs.valueSizeBytes" must be an object { minBytes, maxBytes }');
  onlyFields(value, '"knobs.valueSizeBytes"', ['minBytes', 'maxBytes']);
  const minBytes = integerIn(value['minBytes'], '"knobs.valueSizeBytes.minBytes"', 0, VALUE_SIZE_BYTES_MAX);
  const maxBytes = integerIn(value['maxBytes'], '"knobs.valueSizeBytes.maxBytes"', minBytes, VALUE_SIZE_BYTES_MAX);
  return { minBytes, maxBytes };
}

function checkWeights(value: unknown): Record<string, number> {
  if (!isRecord(value)) fail('"knobs.weights" must be an object mapping operation kinds to weights');
  const weights: Record<string, number> = {};
  for (const [kind, weight] of Object.entries(value)) {
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) fail(`"knobs.weights.${kind}" must be a finite number >= 0, got ${JSON.stringify(weight)}`);
    weights[kind] = weight;
  }
  if (!Object.values(weights).some((weight) => weight > 0)) fail('"knobs.weights" must give at least one operation kind a weight above 0');
  return weights;
}

/**
 * Whether the workload knobs fit the scenario: only kinds of its mix, no more keys than it has.
 * (The faults are not checked against the kinds swarm draws: explicit --faults override them.)
 */
export function checkSwarmFitsScenario(config: SwarmConfiguration, space: SwarmSpace | undefined, scenario: string): void {
  const mixKinds = (space?.mix ?? []).map(([kind]) => kind);
  const unknown = Object.keys(config.knobs.weights ?? {}).find((kind) => !mixKinds.includes(kind));
  if (unknown !== undefined) fail(`"knobs.weights" names ${JSON.stringify(unknown)}, which is not an operation kind of scenario ${scenario} (${mixKinds.join(', ') || 'it has no mix'})`);
  const keysCountMax = space?.keysCountMax;
  if (config.knobs.keysCount !== undefined && (keysCountMax === undefined || config.knobs.keysCount > keysCountMax)) {
    fail(`"knobs.keysCount" is ${config.knobs.keysCount}, but scenario ${scenario} has ${keysCountMax === undefined ? 'no key space to narrow' : `${keysCountMax} keys`}`);
  }
  if (config.knobs.valueSizeBytes !== undefined && space?.valueSizes !== true) fail(`"knobs.valueSizeBytes" is given, but scenario ${scenario} has no value sizes to bound`);
}

/** The configuration in one line, for timelines and summaries. */
export function describeSwarmConfiguration(config: SwarmConfiguration): string {
  const { keysCount, valueSizeBytes, weights } = config.knobs;
  const parts = [
    `profile ${config.profile}`,
    `faults ${config.faults === '' ? 'none' : config.faults}`,
    `${config.clientsCount} client${config.clientsCount === 1 ? '' : 's'}`,
    ...(keysCount === undefined ? [] : [`${keysCount} key${keysCount === 1 ? '' : 's'}`]),
    ...(valueSizeBytes === undefined ? [] : [`values ${valueSizeBytes.minBytes}..${valueSizeBytes.maxBytes} B`]),
    ...(weights === undefined ? [] : [`mix ${Object.entries(weights).map(([kind, weight]) => `${kind}x${weight}`).join(' ')}`]),
  ];
  return parts.join(', ');
}
