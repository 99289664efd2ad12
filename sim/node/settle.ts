import type { DeterministicProcess } from './deterministic-process.js';

/**
 * Waiting for code under test to finish while it runs on virtual time. Simulated fs calls never
 * wait for real I/O, so once the microtask and tick queues are empty (a real setImmediate fires),
 * whatever has not finished is waiting for a timer: virtual time jumps to the earliest timer and
 * fires it. This is what lets retries on 100 ms timers (steno, graceful-fs) finish at once and
 * the same way every time. While a module is loading (real I/O), no timer fires.
 */

/** The real setImmediate, taken before any run fakes it: the only real timer used, and only to wait for idleness. */
const realSetImmediate = globalThis.setImmediate;
const realClearImmediate = globalThis.clearImmediate;

export interface SettleOptions {
  readonly fakes: DeterministicProcess;
  readonly stallTurnsMax: number;
  /** A number that changes whenever code under test makes progress (disk calls). */
  readonly progress: () => number;
  /** True while real I/O of the run is in flight (a fresh module loading). */
  readonly loading: () => boolean;
  /** Receives the function that rejects the wait at once (NodeRun.abort). */
  readonly abortWith?: (reject: (error: Error) => void) => void;
}

/** Thrown when code under test waits for nothing the run can give: no timer, no disk call, for many turns. */
export class NodeRunStalledError extends Error {
  override readonly name = 'NodeRunStalledError';
}

/** What `execute` rejects with when the run was aborted (NodeRun.abort) before its body settled. */
export class NodeRunAbortedError extends Error {
  override readonly name = 'NodeRunAbortedError';
}

export function settle<T>(work: Promise<T>, options: SettleOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let idleTurns = 0;
    let lastProgress = options.progress();
    let nextTurn: NodeJS.Immediate | undefined;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      // The pending turn would only return, but until it runs it holds the run (its disk, its
      // process, its modules): a campaign whose runs never yield to the event loop would keep
      // every run it made.
      if (nextTurn !== undefined) realClearImmediate(nextTurn);
      outcome();
    };
    work.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
    options.abortWith?.((error) => finish(() => reject(error)));
    const turn = (): void => {
      if (settled) return;
      const progress = options.progress();
      if (progress !== lastProgress || options.loading()) {
        lastProgress = progress;
        idleTurns = 0;
      } else if (options.fakes.pendingTimersCount > 0) {
        idleTurns = 0;
        try {
          options.fakes.fireNextTimer();
        } catch (error) {
          // A timer callback threw: under Node an uncaught exception, here the run's failure.
          finish(() => reject(error));
          return;
        }
      } else if (++idleTurns > options.stallTurnsMax) {
        const message = `code under test stalled: nothing to do for ${options.stallTurnsMax} event-loop turns (no timer pending, no disk call made), yet it has not finished`;
        finish(() => reject(new NodeRunStalledError(message)));
        return;
      }
      nextTurn = realSetImmediate(turn);
    };
    nextTurn = realSetImmediate(turn);
  });
}
