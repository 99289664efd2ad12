/**
 * Virtual time. Anything time-like in a simulated run (expiry, timeouts, timestamps) reads this
 * clock, never the real one, so a run is a pure function of its seed.
 */
export class VirtualClock {
  #nowMs: number;

  constructor(startMs = 0) {
    if (!Number.isFinite(startMs) || startMs < 0) {
      throw new RangeError(`VirtualClock: startMs must be a finite number >= 0, got ${String(startMs)}`);
    }
    this.#nowMs = startMs;
  }

  nowMs(): number {
    return this.#nowMs;
  }

  /** Moves time forward; time never goes back. */
  advance(deltaMs: number): number {
    if (!Number.isFinite(deltaMs) || deltaMs < 0) {
      throw new RangeError(`VirtualClock.advance: deltaMs must be a finite number >= 0, got ${String(deltaMs)}`);
    }
    this.#nowMs += deltaMs;
    return this.#nowMs;
  }
}
