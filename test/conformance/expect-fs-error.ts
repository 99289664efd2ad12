import { expect } from 'vitest';
import { isFsError } from '../../src/fs/errors.js';

/** The fields of a Node filesystem error that the contract promises. */
export interface ExpectedFsError {
  readonly code: string;
  readonly syscall: string;
  /** Checked only when given: Node leaves it out for errors on a handle. */
  readonly path?: string;
  /** Checked only when given: Node sets it for `rename` and `link`. */
  readonly dest?: string;
}

/** Asserts that `action` rejects with a Node-shaped error carrying the expected fields. */
export async function expectFsError(action: Promise<unknown>, expected: ExpectedFsError): Promise<void> {
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await action };
  } catch (error) {
    outcome = { ok: false, error };
  }
  if (outcome.ok) {
    expect.fail(`expected ${expected.code} from ${expected.syscall}, but the call succeeded`);
    return;
  }
  const error = outcome.error;
  expect(isFsError(error), `expected a Node-style fs error, got ${String(error)}`).toBe(true);
  const actual: Record<string, unknown> = {};
  for (const key of Object.keys(expected)) actual[key] = (error as unknown as Record<string, unknown>)[key];
  expect(actual).toEqual(expected);
}
