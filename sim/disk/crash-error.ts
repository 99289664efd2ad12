/**
 * What every call on a crashed disk rejects with. It carries `code`, `syscall` and `path` like a
 * Node error, so it passes `isFsError` and a store treats it as an I/O failure; the runner tells it
 * apart with `isSimulatedCrash`.
 */
export class SimulatedCrashError extends Error {
  override readonly name = 'SimulatedCrashError';
  readonly code = 'ESIMCRASH' as const;
  readonly syscall: string;
  readonly path: string;

  constructor(syscall: string, path: string) {
    super(
      `ESIMCRASH: the simulated machine crashed and this disk is dead, ${syscall} '${path}' cannot run on it; ` +
        'code still running from before the crash must stop, and recovery must use the disk that crash() returned',
    );
    this.syscall = syscall;
    this.path = path;
  }
}

/** True for a SimulatedCrashError from any realm or copy of this module (it checks the code). */
export function isSimulatedCrash(error: unknown): error is SimulatedCrashError {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ESIMCRASH';
}
