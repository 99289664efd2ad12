/**
 * Ctrl-C during a campaign: the first SIGINT asks the campaign to stop before its next run (the
 * runs in flight finish, so the partial summary and campaign hash are printed); a second one
 * exits at once. Installed for the campaign only, and removed after it.
 */

export const INTERRUPTED_EXIT_CODE = 130;

export interface InterruptWatch {
  /** Whether SIGINT came. */
  readonly interrupted: boolean;
  dispose(): void;
}

export function watchInterrupt(onFirst: () => void): InterruptWatch {
  let interrupted = false;
  const handler = (): void => {
    if (interrupted) process.exit(INTERRUPTED_EXIT_CODE);
    interrupted = true;
    onFirst();
  };
  process.on('SIGINT', handler);
  return {
    get interrupted() {
      return interrupted;
    },
    dispose: () => {
      process.off('SIGINT', handler);
    },
  };
}
