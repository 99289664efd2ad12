import type { ActiveRun } from './active-run.js';
import type { Steps } from './steps.js';

/**
 * How one fs function is served on the simulated disk, for its callback, sync and promise forms
 * alike: which arguments say where it goes, and the steps it takes there.
 */
export interface FacadeCall {
  /** Indexes of the arguments that are paths (given to `steps` as absolute path strings). */
  readonly paths: readonly number[];
  /** Index of an argument that is an fd (or, for readFile and the like, a path or an fd). */
  readonly fdAt?: number;
  /** True when the call never changes anything (allowed outside the root for module loading). */
  readonly readOnly: boolean | ((args: readonly unknown[]) => boolean);
  /** The steps for `args` (callback removed); their result is what the sync form returns and the promise form resolves to. */
  readonly steps: (run: ActiveRun, args: readonly unknown[]) => Steps<unknown>;
  /** The callback's arguments after the error, from the result; default [result], or none when undefined. */
  readonly callbackArgs?: (result: unknown, args: readonly unknown[]) => unknown[];
}

/** A function the facade does not serve: refused by name on the simulated disk, real elsewhere. */
export interface RefusedCall {
  readonly paths: readonly number[];
  readonly fdAt?: number;
  readonly why: string;
}

export function isRefused(call: FacadeCall | RefusedCall): call is RefusedCall {
  return 'why' in call;
}
