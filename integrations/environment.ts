import { SEED_MAX } from '../sim/index.js';

/**
 * The environment variables a crash test reads, so that CI and a person at a terminal can change
 * a campaign without editing the test: `CRASHSIM_SEED=N` runs exactly seed N (the failure message
 * prints it), `CRASHSIM_RUNS=N` runs N seeds (to run a longer campaign, e.g. nightly).
 */

export const SEED_VARIABLE = 'CRASHSIM_SEED';
export const RUNS_VARIABLE = 'CRASHSIM_RUNS';
/** The most runs one test may be asked for. */
export const RUNS_MAX = 10_000_000;

/** A test that cannot run as asked: the message is one line, naming what was wrong. */
export class CrashTestUsageError extends Error {
  override readonly name = 'CrashTestUsageError';

  constructor(message: string) {
    super(message);
    // The stack would point into crashsim, not at the mistake: the message says everything.
    this.stack = `${this.name}: ${message}`;
  }
}

export interface EnvironmentOverrides {
  /** From CRASHSIM_SEED, or null when unset. */
  readonly seed: number | null;
  /** From CRASHSIM_RUNS, or null when unset. */
  readonly runs: number | null;
}

/** A variable's view of the environment, as `process.env` is. */
export type Environment = Readonly<Record<string, string | undefined>>;

function readInteger(env: Environment, name: string, min: number, max: number): number | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  const text = raw.trim();
  const value = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new CrashTestUsageError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Reads and validates CRASHSIM_SEED and CRASHSIM_RUNS; a bad value throws CrashTestUsageError. */
export function readEnvironment(env: Environment): EnvironmentOverrides {
  return { seed: readInteger(env, SEED_VARIABLE, 0, SEED_MAX), runs: readInteger(env, RUNS_VARIABLE, 1, RUNS_MAX) };
}
