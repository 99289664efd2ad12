import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findScenario } from '../scenarios/index.js';
import { ConfirmError, confirmCase, type ConfirmMode, type ConfirmResult, type ModeReport } from '../sim/confirm/index.js';
import { encodeValue, readReport, ReportError } from '../sim/report/index.js';
import type { SystemFactory } from '../sim/scenario.js';
import type { CliOptions } from './args.js';
import type { CliOutput } from './output.js';

/** The kill-mode child's entry, beside this file (.ts under tsx, .js once compiled). */
const KILL_CHILD_ENTRY = fileURLToPath(new URL(`./kill-child${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

/**
 * `npm run sim -- --replay FILE --backend real`: confirms a saved case on the real disk and says,
 * per mode, whether the real disk shows the same violation. Exit 1 when a mode confirms it, 0
 * when none does, 2 on bad input (including a confirmation that could not run).
 */
export async function confirmReplay(options: CliOptions, impl: SystemFactory<unknown> | undefined, output: CliOutput): Promise<number> {
  const path = options.replay as string;
  const report = await readReport(path);
  const scenario = findScenario(report.scenario);
  if (scenario === undefined) throw new ReportError(`report ${path} names scenario ${JSON.stringify(report.scenario)}, which this crashsim does not have`);
  if (report.impl !== null && impl === undefined) {
    output.err(`note: the report was made with --impl ${report.impl}; confirming against the bundled implementation\n`);
  }
  const which = options.replayMinimized && report.minimized !== null ? 'minimized' : 'original';
  const chosen = which === 'minimized' && report.minimized !== null ? report.minimized : report.original;
  // Read structurally: a report may carry no fault plan at all.
  const faults = (chosen.options as { faults?: unknown }).faults;
  if (typeof faults === 'string' && faults !== '') {
    output.err(`note: the case injected faults (${faults}); the real disk gets none of the injected call errors, so the modes judge the crash alone\n`);
  }
  if (chosen.options.crashRecovery) {
    output.err('note: the case crashed the recovery too; on the real disk the recovery runs to its end, so the modes judge the first crash alone\n');
  }
  // Kill mode counts steps through the FileSystem interface, which node:fs code never calls.
  const killable = scenario.implFromModule === undefined;
  if (!killable && options.confirmMode === 'both') output.err(`note: ${scenario.name} runs node:fs code, which kill mode cannot stop at a step; confirming in image mode only\n`);
  const modes: ConfirmMode[] = options.confirmMode !== 'both' ? [options.confirmMode] : killable ? ['image', 'kill'] : ['image'];
  let result: ConfirmResult;
  try {
    result = await confirmCase({
      scenario,
      case: chosen,
      modes,
      killChild: KILL_CHILD_ENTRY,
      ...(impl === undefined || options.impl === null ? {} : { impl: { factory: impl, modulePath: resolve(process.cwd(), options.impl) } }),
    });
  } catch (error) {
    if (error instanceof ConfirmError) {
      output.err(`crashsim: real-disk confirmation could not run: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (options.json) {
    output.out(`${JSON.stringify(encodeValue(result), null, 2)}\n`);
  } else {
    const broke = result.expected.length === 0 ? 'no violation' : result.expected.map((name) => `[${name}]`).join(' ');
    output.out(`confirming ${report.scenario} seed ${report.seed} (${which} case, crash after step ${result.crashStep}) on the real disk; the simulator found ${broke}\n`);
    if (!result.sameTraceHash) {
      output.out(`note: the simulated replay DIVERGED from the report (trace hash ${result.traceHash}, report has ${chosen.traceHash}): the implementation, the scenario or crashsim differs from the run that made it, so the case may no longer fail\n`);
    }
    for (const mode of result.modes) output.out(`${mode.mode} mode: ${describeMode(mode)}\n`);
  }
  return result.confirmed ? 1 : 0;
}

function describeMode(mode: ModeReport): string {
  // A kill-mode run that left the simulated interleaving judged another run: say so either way.
  const diverged = mode.mode === 'kill' && !mode.followedSimulation ? ' (note: the real run did not follow the simulated interleaving, so it judged another one)' : '';
  return `${describeVerdict(mode)}${diverged}`;
}

function describeVerdict(mode: ModeReport): string {
  if (mode.confirmedBy !== null) return `confirmed: [${mode.confirmedBy.invariant}] ${mode.confirmedBy.message}`;
  const kept = mode.expected.length === 0 ? 'every invariant' : mode.expected.join(', ');
  const where = mode.mode === 'image'
    ? `on ${mode.statesCount} post-crash state${mode.statesCount === 1 ? '' : 's'} written to real files`
    : `after a SIGKILL ${mode.killedAt.call === 'end' ? 'once the workload had finished' : `before ${mode.killedAt.call} ${mode.killedAt.path}`} at step ${mode.killedAt.step}` +
      '; a process crash keeps what the kernel holds, so bugs that need a power loss show only in image mode';
  const other = mode.violations[0];
  const instead = other === undefined ? '' : `; it broke [${other.invariant}] instead: ${other.message}`;
  return `not confirmed (the real disk kept ${kept} ${where}${instead})`;
}
