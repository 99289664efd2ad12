import { fileURLToPath } from 'node:url';
import { ConfirmError, confirmCase, type ConfirmMode, type ConfirmResult, type ModeReport } from '../sim/confirm/index.js';
import { encodeValue, printable } from '../sim/report/index.js';
import type { CliOptions } from './args.js';
import { EXIT } from './help.js';
import type { CliOutput } from './output.js';
import { loadReplaySource } from './replay-source.js';

/** The kill-mode child's entry, beside this file (.ts under tsx, .js once compiled). */
const KILL_CHILD_ENTRY = fileURLToPath(new URL(`./kill-child${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

/**
 * `--replay FILE --backend real`: confirms a saved case on the real disk and says,
 * per mode, whether the real disk shows the same violation. Exit 1 when a mode confirms it, 0
 * when none does, 2 on bad input (including a confirmation that could not run).
 */
export async function confirmReplay(options: CliOptions, output: CliOutput): Promise<number> {
  const source = await loadReplaySource(options, output);
  const { report, chosen, which, scenario } = source;
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
      scenario: source.scenario,
      case: chosen,
      modes,
      killChild: KILL_CHILD_ENTRY,
      ...(source.impl === undefined ? {} : { impl: { factory: source.impl.factory, modulePath: source.impl.modulePath } }),
      ...(source.scenarioModulePath === null ? {} : { scenarioModule: source.scenarioModulePath }),
    });
  } catch (error) {
    if (error instanceof ConfirmError) {
      output.err(`crashsim: real-disk confirmation could not run: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  if (options.json) {
    output.out(`${JSON.stringify(encodeValue(result), null, 2)}\n`);
  } else {
    const broke = result.expected.length === 0 ? 'no violation' : result.expected.map((name) => `[${name}]`).join(' ');
    output.out(`confirming ${report.scenario} seed ${report.seed} (${which} case, crash after step ${result.crashStep}) on the real disk; the simulator found ${broke}\n`);
    if (!result.sameTraceHash) {
      output.out(`note: the simulated replay DIVERGED from the report (trace hash ${result.traceHash}, report has ${chosen.traceHash}): the implementation, the scenario or crashsim differs from the run that made it, or the code names files after where it is installed and the report was made in a checkout at another path; the case may no longer fail\n`);
    }
    for (const mode of result.modes) output.out(`${mode.mode} mode: ${printable(describeMode(mode))}\n`);
  }
  return result.confirmed ? EXIT.violation : EXIT.held;
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
