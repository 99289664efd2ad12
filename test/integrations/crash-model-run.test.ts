import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import fixedStateFile from '../../examples/fixed-state-file.js';
import naiveStateFile from '../../examples/naive-state-file.js';
import {
  CrashModelError,
  crashIndex,
  crashModelRun,
  type CrashContext,
  type CrashModelCommand,
  type CrashModelRunOptions,
  type CrashModelSetup,
} from '../../integrations/fast-check.js';
import type { FileSystem, StateFile } from '../../src/index.js';

/**
 * crashModelRun's mechanics on the example state files: where the crash falls (in the first open,
 * inside a command, after the last one), which model checkDurable sees, errors before and after
 * the crash, systems that never settle, and its options.
 */

interface Model {
  value: unknown;
}

type Command = CrashModelCommand<Model, StateFile>;

/** save(value); with `swallow`, errors of the save are caught and the model updated anyway. */
function save(value: string, swallow = false): Command {
  return {
    check: () => true,
    async run(model, real) {
      if (swallow) await real.save(value).catch(() => undefined);
      else await real.save(value);
      model.value = value;
    },
    toString: () => `save(${value})${swallow ? ' swallowing errors' : ''}`,
  };
}

function failing(error: Error): Command {
  return { check: () => true, run: () => Promise.reject(error), toString: () => 'failing' };
}

/** What checkDurable saw, per post-crash state. */
interface Seen {
  readonly model: unknown;
  readonly completed: unknown;
  readonly crash: Omit<CrashContext<Model>, 'modelIfCutCompleted' | 'fs'>;
}

function recordingSetup(open: (fs: FileSystem, root: string) => Promise<StateFile>, seen: Seen[]): CrashModelSetup<Model, StateFile> {
  return {
    model: () => ({ value: undefined }),
    open,
    async checkDurable(model, _recovered, crash) {
      const { modelIfCutCompleted, fs, ...rest } = crash;
      seen.push({ model: model.value, completed: (await modelIfCutCompleted()).value, crash: rest });
    },
  };
}

async function run(commands: readonly Command[], options: CrashModelRunOptions, open = fixedStateFile): Promise<{ seen: Seen[]; result: Awaited<ReturnType<typeof crashModelRun>> }> {
  const seen: Seen[] = [];
  const result = await crashModelRun(recordingSetup(open, seen), commands, options);
  return { seen, result };
}

/** The first crashAt whose crash cuts the command named `cut`. */
async function crashAtCutting(commands: readonly Command[], cut: string): Promise<number> {
  for (let crashAt = 0; crashAt < 100; crashAt++) {
    if ((await run(commands, { crashAt, exploration: 'random' })).result.cut === cut) return crashAt;
  }
  throw new Error(`no crash point cuts ${cut}`);
}

describe('crashModelRun: where the crash falls and what checkDurable sees', () => {
  it("past the run's end, after the last command, with the model of every command", async () => {
    const { seen, result } = await run([save('a'), save('b')], { crashAt: 10_000 });
    expect(result).toMatchObject({ during: 'end', cut: null, commandsRun: 2 });
    expect(result.crashStep).toBeGreaterThan(0);
    expect(result.crashStep).toBeLessThan(10_000);
    expect(seen.length).toBe(result.statesChecked);
    for (const state of seen) expect(state).toMatchObject({ model: 'b', completed: 'b', crash: { cut: null, during: 'end', root: '/data' } });
  });

  it('at 0, in the first open (the example opens with a readdir), with a fresh model', async () => {
    const { seen, result } = await run([save('a')], { crashAt: 0 });
    expect(result).toMatchObject({ crashStep: 0, during: 'open', cut: null, commandsRun: 0 });
    expect(seen).toEqual([{ model: undefined, completed: undefined, crash: expect.objectContaining({ during: 'open', crashStep: 0 }) }]);
  });

  it('inside a command: the model without it, modelIfCutCompleted with it', async () => {
    const commands = [save('a'), save('b'), save('c')];
    const crashAt = await crashAtCutting(commands, 'save(b)');
    const { seen, result } = await run(commands, { crashAt });
    expect(result).toMatchObject({ crashStep: crashAt, during: 'command', cut: 'save(b)', commandsRun: 2 });
    for (const state of seen) expect(state).toMatchObject({ model: 'a', completed: 'b' });
  });

  it('a command that resolved on the dead disk (it swallowed the errors) does not count as completed', async () => {
    const commands = [save('a'), save('b', true)];
    const crashAt = await crashAtCutting(commands, 'save(b) swallowing errors');
    const { seen } = await run(commands, { crashAt });
    for (const state of seen) expect(state).toMatchObject({ model: 'a', completed: 'b' });
  });

  it('exhaustive exploration checks every post-crash state, random one', async () => {
    const exhaustive = await run([save('a')], { crashAt: 10_000 }, naiveStateFile);
    expect(exhaustive.result.statesChecked).toBe(2); // the name of state.json kept or lost
    expect(exhaustive.seen.map((state) => state.crash.state)).toEqual([0, 1]);
    expect((await run([save('a')], { crashAt: 10_000, exploration: 'random', seed: 3 }, naiveStateFile)).result.statesChecked).toBe(1);
    expect((await run([save('a')], { crashAt: 10_000, profile: 'process' }, naiveStateFile)).result.statesChecked).toBe(1);
  });
});

describe('crashModelRun: failures', () => {
  it('a command failing before the crash rejects with its own error, as asyncModelRun does', async () => {
    const error = new Error('the model disagrees');
    await expect(run([save('a'), failing(error)], { crashAt: 10_000 })).rejects.toBe(error);
  });

  it('a failing checkDurable says where the crash fell, what was not durable and what the crash did', async () => {
    const cause = new Error('recovered the wrong value');
    const setup: CrashModelSetup<Model, StateFile> = { model: () => ({ value: undefined }), open: naiveStateFile, checkDurable: () => Promise.reject(cause) };
    const error: unknown = await crashModelRun(setup, [save('a')], { crashAt: 10_000 }).catch((rejected: unknown) => rejected);
    expect(error).toBeInstanceOf(CrashModelError);
    const failure = error as CrashModelError;
    expect(failure.cause).toBe(cause);
    expect(failure.run).toMatchObject({ during: 'end', cut: null, commandsRun: 1, statesChecked: 1 });
    expect(failure.message.split('\n')).toEqual([
      'crashModelRun: checkDurable failed: recovered the wrong value',
      '  crash after step #7 (crashAt 10000; steps #0..#3 made the root), after the last command; profile posix, post-crash state 1 of 2',
      '  last calls before the crash:',
      ...Array.from({ length: 8 }, (_, step) => expect.stringMatching(new RegExp(`^ {4}#${step} `))),
      '    --- crash after step #7 ---',
      '  not durable at the crash:',
      '    #4 create /data/state.json',
      '  what the crash did:',
      expect.stringMatching(/^ {4}#4 create \/data\/state\.json: (survived|lost)$/),
    ]);
  });

  it('a recovery that fails, or never settles, fails the run', async () => {
    let opens = 0;
    const brokenRecovery = async (fs: FileSystem, root: string): Promise<StateFile> => {
      if (opens++ > 0) throw new Error('no recovery here');
      return fixedStateFile(fs, root);
    };
    await expect(run([save('a')], { crashAt: 10_000 }, brokenRecovery)).rejects.toThrow(/^crashModelRun: reopening the system on the post-crash disk failed: no recovery here\n/);
    opens = 0;
    const hangingRecovery = (fs: FileSystem, root: string): Promise<StateFile> => (opens++ > 0 ? new Promise<StateFile>(() => undefined) : fixedStateFile(fs, root));
    await expect(run([save('a')], { crashAt: 10_000 }, hangingRecovery)).rejects.toThrow(/^crashModelRun: reopening the system on the post-crash disk never settled: no filesystem step could run/);
  });

  it('a system that never opens, or a command that loops on the disk, stalls instead of hanging', async () => {
    await expect(run([save('a')], { crashAt: 10_000 }, () => new Promise<StateFile>(() => undefined))).rejects.toThrow(/^crashModelRun: opening the system on an empty root never settled/);
    const spinning: Command = {
      check: () => true,
      async run(_model, real) {
        for (;;) await real.load();
      },
      toString: () => 'spin',
    };
    await expect(run([spinning], { crashAt: 10_000, stepsMax: 50 })).rejects.toThrow(/^crashModelRun: command spin never settled: the commands took more than 50 filesystem steps/);
  });

  it('bad options are refused with the rule that was broken', async () => {
    const bad = (options: CrashModelRunOptions): Promise<unknown> => run([], options);
    await expect(bad({ crashAt: -1 })).rejects.toThrow('crashModelRun: crashAt must be an integer of at least 0, got -1');
    await expect(bad({ crashAt: 1.5 })).rejects.toThrow('crashModelRun: crashAt must be an integer of at least 0, got 1.5');
    await expect(bad({ crashAt: 0, profile: 'ext5' as 'posix' })).rejects.toThrow('crashModelRun: profile must be one of posix, ext4-ordered, process, got ext5');
    await expect(bad({ crashAt: 0, exploration: 'some' as 'random' })).rejects.toThrow('crashModelRun: exploration must be exhaustive or random, got some');
    await expect(bad({ crashAt: 0, maxStates: 0 })).rejects.toThrow('crashModelRun: maxStates must be an integer of at least 1, got 0');
    await expect(bad({ crashAt: 0, root: 'data' })).rejects.toThrow('crashModelRun: root must be an absolute path other than /, got "data"');
    expect(() => crashIndex(-1)).toThrow('crashIndex: max must be a non-negative integer, got -1');
  });

  it('crashIndex draws crash points from 0 to its bound', () => {
    const drawn = fc.sample(crashIndex(9), { numRuns: 200, seed: 1 });
    expect(Math.min(...drawn)).toBe(0);
    expect(Math.max(...drawn)).toBe(9);
  });
});
