import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { type CrashModelCommand, type CrashModelSetup } from '../integrations/fast-check.js';
import type { FileSystem, StateFile } from '../src/index.js';

/**
 * A fast-check model-based test of a JSON state file, crash-tested with `crashsim/fast-check`.
 *
 * The commands are ordinary fast-check commands: `save(value)` and `load()`, each checked
 * against a model that holds the last saved value. `crashProperty` runs them on a simulated disk,
 * crashes it after a step fast-check draws, reopens the state file on every post-crash disk and
 * calls `checkDurable`: after recovery `load()` must return the last acknowledged value, or the
 * value of the save the crash cut (it may or may not have happened), and must never fail.
 *
 * ```ts
 * await fc.assert(crashProperty(stateFileCommands, stateFileSetup(openMyStateFile)));
 * ```
 *
 * `test/integrations/state-file-model.test.ts` runs it on the naive and the fixed state files of
 * this folder: the naive one fails, and fast-check shrinks the failure to a single save.
 */

/** What the state file should hold: the last value whose save was acknowledged. */
export interface StateFileModel {
  value: unknown;
}

type StateFileCommand = CrashModelCommand<StateFileModel, StateFile>;

/** A value in a message: `nothing`, or its JSON cut to 40 characters. */
function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
}

class SaveCommand implements StateFileCommand {
  constructor(readonly value: string) {}
  check(): boolean {
    return true;
  }
  async run(model: StateFileModel, real: StateFile): Promise<void> {
    await real.save(this.value);
    // The model changes only once the save is acknowledged.
    model.value = this.value;
  }
  toString(): string {
    return `save(${show(this.value)}, ${this.value.length} chars)`;
  }
}

class LoadCommand implements StateFileCommand {
  check(): boolean {
    return true;
  }
  async run(model: StateFileModel, real: StateFile): Promise<void> {
    const loaded = await real.load();
    if (!isDeepStrictEqual(loaded, model.value)) throw new Error(`load() returned ${show(loaded)}, the model holds ${show(model.value)}`);
  }
  toString(): string {
    return 'load()';
  }
}

/** Values up to three 512-byte sectors, so that a torn write can show. */
const valueArb = fc.string({ maxLength: 1500 });

export const stateFileCommands: fc.Arbitrary<Iterable<StateFileCommand>> = fc.commands(
  [valueArb.map((value) => new SaveCommand(value)), fc.constant(new LoadCommand())],
  { maxCommands: 8 },
);

/** The setup for a state file opened by `open` (on an empty root, then on each post-crash disk). */
export function stateFileSetup(open: (fs: FileSystem, root: string) => Promise<StateFile>): CrashModelSetup<StateFileModel, StateFile> {
  return {
    model: () => ({ value: undefined }),
    open,
    close: async (real) => {
      await real.close?.();
    },
    async checkDurable(model, recovered, crash) {
      const loaded = await recovered.load();
      const allowed = [model.value];
      if (crash.cut !== null) allowed.push((await crash.modelIfCutCompleted()).value);
      if (!allowed.some((value) => isDeepStrictEqual(value, loaded))) {
        throw new Error(`after the crash load() returned ${show(loaded)}, expected ${allowed.map(show).join(' or ')}`);
      }
    },
  };
}
