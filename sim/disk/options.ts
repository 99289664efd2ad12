import { assertSeed } from '../rng.js';
import { CRASH_PROFILES } from './types.js';
import type { CrashProfile, ReaddirOrder, SimFsOptions } from './types.js';

/** Validation of SimFs options: bad input throws an error naming the option and the rule. */

export const SECTOR_SIZE_BYTES_DEFAULT = 512;
export const MAX_STATES_DEFAULT = 1000;
const READDIR_ORDERS: readonly ReaddirOrder[] = ['sorted', 'insertion', 'shuffled'];
const SECTOR_SIZE_BYTES_MAX = 65536;

export interface ResolvedSimFsOptions {
  readonly sectorSizeBytes: number;
  readonly readdirOrder: ReaddirOrder;
  readonly seed: number;
}

export function resolveSimFsOptions(options: SimFsOptions, where: string): ResolvedSimFsOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${where}: options must be an object, got ${String(options)}`);
  }
  const sectorSizeBytes = options.sectorSizeBytes ?? SECTOR_SIZE_BYTES_DEFAULT;
  if (
    !Number.isInteger(sectorSizeBytes) ||
    sectorSizeBytes < 1 ||
    sectorSizeBytes > SECTOR_SIZE_BYTES_MAX ||
    (sectorSizeBytes & (sectorSizeBytes - 1)) !== 0
  ) {
    throw new RangeError(`${where}: sectorSizeBytes must be a power of two from 1 to ${SECTOR_SIZE_BYTES_MAX}, got ${String(sectorSizeBytes)}`);
  }
  const readdirOrder = options.readdirOrder ?? 'sorted';
  if (!READDIR_ORDERS.includes(readdirOrder)) {
    throw new RangeError(`${where}: readdirOrder must be one of ${READDIR_ORDERS.join(', ')}, got ${String(readdirOrder)}`);
  }
  const seed = options.seed ?? 0;
  assertSeed(seed, where);
  if (options.onStep !== undefined && typeof options.onStep !== 'function') {
    throw new TypeError(`${where}: onStep must be a function, got ${typeof options.onStep}`);
  }
  return { sectorSizeBytes, readdirOrder, seed };
}

export function resolveProfile(profile: CrashProfile | undefined, where: string): CrashProfile {
  const resolved = profile ?? 'posix';
  if (!CRASH_PROFILES.includes(resolved)) {
    throw new RangeError(`${where}: profile must be one of ${CRASH_PROFILES.join(', ')}, got ${String(profile)}`);
  }
  return resolved;
}

export function resolveMaxStates(maxStates: number | undefined, where: string): number {
  const resolved = maxStates ?? MAX_STATES_DEFAULT;
  if (!Number.isSafeInteger(resolved) || resolved < 1) {
    throw new RangeError(`${where}: maxStates must be a positive integer, got ${String(maxStates)}`);
  }
  return resolved;
}

export function resolveCrashSeed(seed: number | undefined, where: string): number {
  const resolved = seed ?? 0;
  assertSeed(resolved, where);
  return resolved;
}
