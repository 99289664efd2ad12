import { constants } from 'node:os';

/**
 * The exit hooks of a simulated process: listeners on `process` for its exit and for signals, and
 * wrappers of `process.emit` and `process.reallyExit`. Exit-cleanup packages install them when they
 * load or on every write (signal-exit, through write-file-atomic, wraps emit and reallyExit and
 * listens to every signal; when-exit, through atomically, listens to exit and every signal). A
 * simulated process ends with its run, and its hooks must end with it: otherwise each fresh load
 * adds its own, a campaign piles up thousands (Node warns of a listener leak after ten), and
 * when the real process exits, every run's cleanup fires at once. A process killed by a crash
 * runs no exit hooks either, so none is called, only removed.
 *
 * Nor does a simulated process receive the real process's signals. Node starts watching a signal
 * at the OS (a signal handle, a sigaction) when a first listener for it is added, through its own
 * `newListener` and `removeListener` listeners on `process`; while a run lasts those two are taken
 * off, so the signal listeners code under test adds and removes (signal-exit does, for every
 * signal, on every write of write-file-atomic) never reach the OS. Real signals keep their effect
 * on the real process: its own listeners, or the default action.
 */

type Listener = (...args: unknown[]) => unknown;

/** Node's listeners that start and stop watching a signal at the OS (lib/internal/process/signal.js). */
const SIGNAL_WATCHERS: Readonly<Record<string, string>> = { newListener: 'startListeningIfSignal', removeListener: 'stopListeningIfSignal' };

/** The events exit hooks listen to: exit, beforeExit and every signal Node knows. */
export const EXIT_HOOK_EVENTS: readonly string[] = ['exit', 'beforeExit', ...Object.keys(constants.signals)];
const IS_EXIT_HOOK_EVENT: ReadonlySet<string | symbol> = new Set(EXIT_HOOK_EVENTS);

/** The exit-hook events that have listeners now: a process starts and ends with few of them. */
function exitHookEventsListenedTo(): string[] {
  return process.eventNames().filter((event): event is string => IS_EXIT_HOOK_EVENT.has(event));
}

interface ProcessWithExit {
  reallyExit?: unknown;
}

export class ProcessHooks {
  /** Each event's listeners (as registered, `once` wrappers included) when the run began. */
  readonly #listeners = new Map<string, readonly Listener[]>();
  readonly #emit: PropertyDescriptor | undefined;
  readonly #reallyExit: unknown;
  /** Node's signal watchers taken off for the run, by event, to put back. */
  readonly #signalWatchers = new Map<string, Listener>();

  constructor() {
    for (const event of exitHookEventsListenedTo()) this.#listeners.set(event, process.rawListeners(event) as Listener[]);
    this.#emit = Object.getOwnPropertyDescriptor(process, 'emit');
    this.#reallyExit = (process as ProcessWithExit).reallyExit;
    for (const [event, name] of Object.entries(SIGNAL_WATCHERS)) {
      const watcher = (process.rawListeners(event) as Listener[]).find((listener) => listener.name === name);
      if (watcher === undefined) continue;
      this.#signalWatchers.set(event, watcher);
      process.removeListener(event, watcher);
    }
  }

  /** Removes the hooks installed since the run began; those that were there before stay, in order. */
  restore(): void {
    for (const event of exitHookEventsListenedTo()) {
      const before = this.#listeners.get(event) ?? [];
      for (const listener of process.rawListeners(event) as Listener[]) {
        if (!before.includes(listener)) process.removeListener(event, listener);
      }
    }
    if (this.#emit === undefined) Reflect.deleteProperty(process, 'emit');
    else Object.defineProperty(process, 'emit', this.#emit);
    (process as ProcessWithExit).reallyExit = this.#reallyExit;
    for (const [event, watcher] of this.#signalWatchers) process.on(event, watcher);
    this.#signalWatchers.clear();
  }
}
