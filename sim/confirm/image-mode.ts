import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnyScenario, SystemFactory } from '../scenario.js';
import { writeImage } from './image-writer.js';
import { recoverAndCheck } from './recover-and-check.js';
import type { SimulatedReplay } from './replay.js';
import { withTempDir } from './temp-dir.js';
import { type ImageModeReport, type RealViolation, verdict } from './types.js';

/**
 * Image mode: each post-crash state of the simulated replay is written to real files in a fresh
 * temp directory (the simulated `/` at `<tmp>/disk`, so `/data` at `<tmp>/disk/data`), and the
 * system recovers and is checked there, on NodeFs, with the replay's history. It answers "is the
 * violation a property of the state the crash left", independent of the simulator's own reads.
 */

export interface ImageModeInput {
  readonly scenario: AnyScenario;
  readonly factory: SystemFactory<unknown>;
  readonly replay: SimulatedReplay;
  readonly expected: readonly string[];
  /** Where temp directories are made. Default: the OS temp directory. */
  readonly tempParent?: string;
}

export async function confirmImage(input: ImageModeInput): Promise<ImageModeReport> {
  const { result } = input.replay;
  const violations: RealViolation[] = [];
  let state = 0;
  for (const disk of result.crashStates) {
    const image = disk.toImage();
    const found = await withTempDir(input.tempParent, async (dir) => {
      const diskDir = join(dir, 'disk');
      await mkdir(diskDir);
      await writeImage(image, diskDir);
      return recoverAndCheck({
        scenario: input.scenario,
        factory: input.factory,
        diskDir,
        root: join(diskDir, result.options.root),
        history: result.history,
        crashStep: result.crashStep,
      });
    });
    for (const violation of found) violations.push({ ...violation, state });
    state++;
  }
  return { mode: 'image', expected: input.expected, ...verdict(input.expected, violations), violations, statesCount: result.crashStates.length };
}
