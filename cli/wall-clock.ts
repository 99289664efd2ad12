/**
 * The only real clock in sim/: the CLI's time budget, progress and runs-per-second figures.
 * Nothing simulated reads it, so it cannot affect a run's trace.
 */
export function wallClockMs(): number {
  return performance.now();
}
