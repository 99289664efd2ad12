import { isWithin } from '../../src/fs/path.js';
import { BoundedMemo } from '../../src/support/bounded-memo.js';
import type { StepInfo } from '../disk/types.js';
import type { Violation } from '../scenario.js';

/**
 * The runner-level invariant "no path touched outside the root". A system may touch its root,
 * anything below it, and the root's ancestors (to create the root and sync its parent); nothing
 * else. The guard records violations instead of throwing so the run completes and is reported.
 */
/**
 * True when `path` has no empty, `.` or `..` segment after its leading `/`: it is normal as
 * written and can be judged by a prefix test. One pass over the characters (this runs on every
 * step; a regular expression and a substring search cost twice as much).
 */
function isPlainPath(path: string): boolean {
  const SLASH = 0x2f;
  const DOT = 0x2e;
  for (let i = 0; i < path.length; i++) {
    if (path.charCodeAt(i) !== SLASH) continue;
    const next = i + 1 < path.length ? path.charCodeAt(i + 1) : -1;
    if (next === SLASH) return false;
    if (next !== DOT) continue;
    const after = i + 2 < path.length ? path.charCodeAt(i + 2) : SLASH;
    if (after === SLASH) return false; // `/.`
    if (after === DOT && (i + 3 >= path.length || path.charCodeAt(i + 3) === SLASH)) return false; // `/..`
  }
  return true;
}

/**
 * Paths already found plain: a run names the same few dozen paths on every step, and a set lookup
 * (a native string hash) beats the scan. Bounded, so a long process never grows it without limit.
 */
const plainPaths = new BoundedMemo<string, boolean>(4096);

function isKnownPlainPath(path: string): boolean {
  return plainPaths.recall(path) ?? plainPaths.remember(path, isPlainPath(path));
}

export class RootGuard {
  readonly #root: string;
  readonly #rootSlash: string;
  readonly #violations: Violation[] = [];

  constructor(root: string) {
    this.#root = root;
    this.#rootSlash = `${root}/`;
  }

  inspect(step: StepInfo): void {
    this.#inspectPath(step.call, step.path);
    if (step.destPath !== undefined) this.#inspectPath(step.call, step.destPath);
  }

  #inspectPath(call: string, path: string): void {
    // Fast path for the common, already-normal path below the root (checked on every step).
    if (path.startsWith(this.#rootSlash) && isKnownPlainPath(path)) return;
    if (isWithin(this.#root, path) || isWithin(path, this.#root)) return;
    // One report per run is enough to act on; more would drown it.
    if (this.#violations.length > 0) return;
    this.#violations.push({
      invariant: 'path-outside-root',
      message: `${call} touched ${JSON.stringify(path)}, outside the system's root ${this.#root}`,
    });
  }

  violations(): readonly Violation[] {
    return this.#violations;
  }
}
