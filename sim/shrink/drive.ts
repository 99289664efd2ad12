import type { FailingCase } from './case.js';
import type { Judge, ShrinkPass } from './pass.js';

/** Passes that run together in rounds (see driveShrink). */
export type ShrinkStage = readonly ShrinkPass[];

export interface DriveResult {
  /** The smallest failing case found (the start if no candidate failed). */
  readonly best: FailingCase;
  /** Candidates judged. */
  readonly attempts: number;
  /** True when the budget refused a candidate: a smaller case may exist. */
  readonly budgetExhausted: boolean;
}

/**
 * Greedy shrinking. Every candidate a pass yields is judged; a failing one becomes the best case,
 * which the pass's later candidates and every later pass derive from. A stage runs in rounds
 * (each of its passes once, in order) until a round keeps nothing; then the next stage runs on
 * the result. The stages run again while a stage after the first kept anything (the earlier ones
 * may then shrink further), so the whole ends at a fixpoint of every pass, or when
 * `outOfBudget(attempts)` refuses a candidate.
 */
export async function driveShrink(
  start: FailingCase,
  stages: readonly ShrinkStage[],
  judge: Judge,
  outOfBudget: (attempts: number) => boolean,
): Promise<DriveResult> {
  let best = start;
  let attempts = 0;
  let budgetExhausted = false;

  /** Runs one pass to the end of its stream; true when it kept a candidate. */
  const runPass = async (pass: ShrinkPass): Promise<boolean> => {
    let kept = false;
    const stream = pass.candidates(best);
    for (let next = stream.next(); next.done !== true; ) {
      if (outOfBudget(attempts)) {
        budgetExhausted = true;
        stream.return();
        break;
      }
      attempts++;
      const verdict = await judge(next.value);
      if (verdict !== null) {
        best = verdict;
        kept = true;
      }
      next = stream.next(verdict);
    }
    return kept;
  };
  /** Each pass of `stage` once; true when any kept a candidate. */
  const runRound = async (stage: ShrinkStage): Promise<boolean> => {
    let kept = false;
    for (const pass of stage) if (!budgetExhausted && (await runPass(pass))) kept = true;
    return kept;
  };

  // Once a round of a stage keeps nothing, that stage and the ones before it are at a fixpoint,
  // until a later stage changes the case.
  let unsettled = true;
  while (unsettled && !budgetExhausted) {
    unsettled = false;
    for (const [index, stage] of stages.entries()) {
      while (!budgetExhausted && (await runRound(stage))) if (index > 0) unsettled = true;
    }
  }
  return { best, attempts, budgetExhausted };
}
