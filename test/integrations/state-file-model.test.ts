import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import fixedStateFile from '../../examples/fixed-state-file.js';
import naiveStateFile from '../../examples/naive-state-file.js';
import { stateFileCommands, stateFileSetup } from '../../examples/state-file-model.js';
import { CrashModelError, crashProperty } from '../../integrations/fast-check.js';
import { openStateFile } from '../../src/statefile/index.js';

/**
 * The documented crashsim/fast-check example (examples/state-file-model.ts): the fixed and the
 * bundled state files pass the crash property, and the naive one fails it, with fast-check
 * shrinking the counterexample to one save and a crash within its four steps (open('w'), write,
 * sync, close): after the open, which truncates in place, or after the close, whose file name was
 * never made durable.
 */

/** The filesystem calls of one save of the naive state file. */
const SAVE_STEPS = 4;

describe('the state-file model under crashes (crashsim/fast-check)', () => {
  it('the fixed example and the bundled state file hold', async () => {
    await fc.assert(crashProperty(stateFileCommands, stateFileSetup(fixedStateFile)), { numRuns: 150, seed: 7 });
    await fc.assert(crashProperty(stateFileCommands, stateFileSetup((fs, root) => openStateFile(fs, root))), { numRuns: 150, seed: 7 });
  });

  for (const seed of [1, 2, 3]) {
    it(`the naive example fails, shrunk to a single save and a crash within it (fast-check seed ${seed})`, async () => {
      const details = await fc.check(crashProperty(stateFileCommands, stateFileSetup(naiveStateFile)), { numRuns: 200, seed });
      expect(details.failed).toBe(true);
      const error = details.errorInstance;
      expect(error).toBeInstanceOf(CrashModelError);
      const run = (error as CrashModelError).run;
      expect(run?.commandsRun).toBe(1);
      expect(String(details.counterexample?.[0])).toMatch(/^save\(".*", \d+ chars\)( \/\*.*\*\/)?$/);
      const crashAt = details.counterexample?.[1] ?? -1;
      expect(crashAt).toBeGreaterThanOrEqual(1);
      expect(crashAt).toBeLessThanOrEqual(SAVE_STEPS);
      expect((error as Error).message).toContain('open /data/state.json flags=w -> ok');
      expect((error as Error).message).toMatch(/create \/data\/state\.json: (survived|lost)/);
    });
  }
});
