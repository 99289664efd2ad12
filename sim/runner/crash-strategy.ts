import type { CrashPoint } from '../disk/index.js';
import type { Rng } from '../rng.js';

/**
 * Choosing a run's crash point. A strategy sees every moment a crash could happen ("after `step`
 * steps": each time a step is about to be released, and once more after the last one) and tells
 * the crash site when to take the crash. The crash site (crash-capture.ts) builds what the
 * choice leaves; the strategy only chooses.
 */

/** A crash point remembered at `step`, when `faultsCount` faults had been injected. */
export interface KeptPoint {
  readonly step: number;
  readonly point: CrashPoint;
  readonly faultsCount: number;
}

/** What a strategy may ask of the crash site. */
export interface CrashSite {
  /** Builds the crash at this moment, from the live disk. */
  takeNow(step: number): void;
  /** Remembers, cheaply, what a crash at this moment could leave (built later by `takeKept`). */
  remember(step: number): KeptPoint;
  /** Builds a remembered crash. */
  takeKept(kept: KeptPoint): void;
}

export interface CrashStrategy {
  /** A crash could happen now, after `step` steps. */
  consider(step: number, site: CrashSite): void;
  /** The run ended after `endStep` steps: the last moment, and the time to build a kept choice. */
  finish(endStep: number, site: CrashSite): void;
}

/** No crash: a run that only counts its steps. */
export const NO_CRASH: CrashStrategy = {
  consider: () => undefined,
  finish: () => undefined,
};

/**
 * Reservoir sampling over every moment: moment k replaces the current choice with probability
 * 1/(k+1), so each is equally likely without knowing the run's length. A replaced choice was only
 * remembered (cheap); the post-crash disk is built once, at the end.
 */
export function reservoirCrash(rng: Rng): CrashStrategy {
  let candidates = 0;
  let kept: KeptPoint | null = null;
  const consider = (step: number, site: CrashSite): void => {
    candidates++;
    if (rng.int(candidates) === 0) {
      kept = site.remember(step);
    }
  };
  return {
    consider,
    finish: (endStep: number, site: CrashSite): void => {
      consider(endStep, site);
      if (kept !== null) site.takeKept(kept);
    },
  };
}

/** A crash after exactly `crashStep` steps, or after the last step when the run is shorter. */
export function fixedCrash(crashStep: number): CrashStrategy {
  let taken = false;
  const consider = (step: number, site: CrashSite): void => {
    if (taken || step !== crashStep) return;
    taken = true;
    site.takeNow(step);
  };
  return {
    consider,
    finish: (endStep: number, site: CrashSite): void => {
      consider(endStep, site);
      if (!taken) {
        taken = true;
        site.takeNow(endStep);
      }
    },
  };
}
