import { isWithin } from '../../src/fs/path.js';
import type { StepInfo } from '../disk/types.js';
import type { Violation } from '../scenario.js';

/**
 * The runner-level invariant "no path touched outside the root". A system may touch its root,
 * anything below it, and the root's ancestors (to create the root and sync its parent); nothing
 * else. The guard records violations instead of throwing so the run completes and is reported.
 */
/** A `.` or `..` path segment: such a path must be normalized before it can be judged. */
const DOT_SEGMENT = /\/\.\.?(\/|$)/;

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
    if (path.startsWith(this.#rootSlash) && !DOT_SEGMENT.test(path) && !path.includes('//')) return;
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
