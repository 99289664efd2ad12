/**
 * A JSON state file: one value, replaced as a whole. This is also the contract of the
 * `state-file` scenario: `--impl MODULE` takes a module whose default export is
 * `(fs: FileSystem, root: string) => Promise<StateFile>`.
 */
export interface StateFile {
  /**
   * Replaces the stored value with `state` (anything `JSON.stringify` accepts, except undefined).
   * Once the promise resolves the new value is durable: after a crash, `load()` returns it or a
   * value saved later (or concurrently). Until it resolves, a crash leaves the old or the new one.
   */
  save(state: unknown): Promise<void>;
  /** The last saved value, or undefined when nothing was ever saved. Never a torn one. */
  load(): Promise<unknown>;
  /** Optional: releases whatever the implementation holds. */
  close?(): Promise<void>;
}

/** Options of `openStateFile`. */
export interface StateFileOptions {
  /** The file's name inside the root directory. Default `state.json`. Must not start with '.'. */
  readonly fileName?: string;
}
