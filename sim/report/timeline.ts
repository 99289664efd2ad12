import { describeSwarmConfiguration } from '../swarm/validate.js';
import { printable } from './printable.js';
import type { FailureReport, ReportedCase } from './report.js';

/**
 * The readable timeline of a report: violations, the calls before the crash (each with its
 * caller), the recovery's own calls when it was crashed too, what was pending, the faults, what
 * the crash did, and the history. One numbering per kind of thing, each with its prefix: `s12`
 * a step of the workload's disk, `r3` a step of a recovery's disk, `op4` an operation of the
 * history, `c1` a client, `v7` a value (as the scenario names them). Everything the code under
 * test chose (paths, values, messages) is printed through `printable`, so no byte of it can
 * break a line or drive the terminal.
 */

const LEGEND = 'numbering: s = steps of the workload\'s disk, r = steps of a recovery\'s disk, op = operations, c = clients, v = values';

export function formatTimeline(report: FailureReport, which: 'original' | 'minimized' = 'original'): string {
  const reported = which === 'minimized' && report.minimized !== null ? report.minimized : report.original;
  const lines: string[] = [];
  const section = (title: string, body: readonly string[], empty?: string): void => {
    lines.push('', title);
    if (body.length === 0 && empty !== undefined) lines.push(`  ${empty}`);
    for (const line of body) lines.push(`  ${line}`);
  };
  lines.push(`crashsim: scenario ${report.scenario}, seed ${report.seed} (${which} case), profile ${reported.options.profile}`);
  if (reported.options.swarm !== null) lines.push(`swarm: ${describeSwarmConfiguration(reported.options.swarm)}`);
  lines.push(`crash after step ${reported.crashStep} of ${reported.stepsCount}; trace ${reported.traceHash}`);
  lines.push(LEGEND);
  section('violations:', reported.violations.map((v) => `[${v.invariant}] (state ${v.state}) ${v.message}`));
  section('last calls before the crash:', [...reported.timeline, `--- crash after step ${reported.crashStep} ---`]);
  if (reported.recoveryTimeline.length > 0) {
    section('the recovery\'s own calls before it crashed too (see the faults below):', [...reported.recoveryTimeline, '--- the recovery crashes here ---']);
  }
  section('not durable at the crash:', reported.pendingAtCrash, '(nothing)');
  if (reported.injectedFaults.length > 0) {
    const what = [reported.options.faults, reported.options.crashRecovery ? 'a crash during recovery' : ''].filter((part) => part !== '').join('; ');
    section(`faults injected (${what}):`, reported.injectedFaults);
  }
  const story = reported.crashStory;
  if (story !== null) {
    section(`what the crash did (state ${story.state}: ${story.survivors} of ${story.lines.length} unsynced operations reached the disk):`, story.lines);
  }
  section('history (operation client: what [invoked before step..completed before step] -> outcome):', historyLines(reported));
  return `${lines.map(printable).join('\n')}\n`;
}

function historyLines(reported: ReportedCase): string[] {
  return reported.history.map((op) => {
    const done = op.completedAtStep === null ? '' : `s${op.completedAtStep}`;
    return `op${op.id} c${op.client}: ${op.operation} [s${op.invokedAtStep}..${done}] -> ${op.outcome}`;
  });
}
