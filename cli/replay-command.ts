import { printable } from '../sim/report/index.js';
import type { FoundViolation } from '../sim/index.js';
import type { CliOptions } from './args.js';
import { EXIT } from './help.js';
import type { CliOutput } from './output.js';
import { loadReplaySource, type ReplaySource } from './replay-source.js';
import { type ReportDifference, type TraceDifference, firstDifference, firstDifferenceFromReport, replayTraced } from './replay-trace.js';

/**
 * `--replay FILE`: runs a saved case again and says whether it followed the report. When the
 * trace hash differs, the case runs once more in this process: two runs that disagree with each
 * other mean the implementation is nondeterministic (and the first call where they part is
 * shown); two that agree mean the code, or crashsim, changed since the report was made.
 * Exit 1 when the replay breaks an invariant, 4 when it is nondeterministic, 0 otherwise.
 */

type Verdict = 'same' | 'changed' | 'nondeterministic';

interface ReplayOutcome {
  readonly verdict: Verdict;
  readonly traceHash: string;
  /** The second run's hash, when the first one differed from the report. */
  readonly secondTraceHash: string | null;
  readonly difference: TraceDifference | null;
  /** When the replays agree but not with the report: the first call of the report's timeline made otherwise here. */
  readonly reportDifference: ReportDifference | null;
  readonly violations: readonly FoundViolation[];
}

export async function replay(options: CliOptions, output: CliOutput): Promise<number> {
  const source = await loadReplaySource(options, output);
  const outcome = await replayAndCompare(source);
  const exitCode = outcome.verdict === 'nondeterministic' ? EXIT.nondeterministic : outcome.violations.length > 0 ? EXIT.violation : EXIT.held;
  if (options.json) {
    output.out(`${JSON.stringify(replayJson(source, outcome, exitCode), null, 2)}\n`);
  } else {
    output.out(describeReplay(source, outcome));
  }
  return exitCode;
}

async function replayAndCompare(source: ReplaySource): Promise<ReplayOutcome> {
  const first = await replayTraced(source);
  const violations = first.result.violations;
  if (first.result.traceHash === source.chosen.traceHash) {
    return { verdict: 'same', traceHash: first.result.traceHash, secondTraceHash: null, difference: null, reportDifference: null, violations };
  }
  const second = await replayTraced(source);
  const agree = second.result.traceHash === first.result.traceHash;
  return {
    verdict: agree ? 'changed' : 'nondeterministic',
    traceHash: first.result.traceHash,
    secondTraceHash: second.result.traceHash,
    difference: agree ? null : firstDifference(first, second),
    reportDifference: agree ? firstDifferenceFromReport(source.chosen.timeline, first.result.timeline) : null,
    violations,
  };
}

function describeReplay(source: ReplaySource, outcome: ReplayOutcome): string {
  const { report, chosen, which } = source;
  const head = `replayed ${report.scenario} seed ${report.seed} (${which} case)`;
  const lines: string[] = [];
  if (outcome.verdict === 'same') lines.push(`${head}: same trace hash ${outcome.traceHash}`);
  if (outcome.verdict === 'changed') lines.push(...describeChanged(head, outcome, chosen.traceHash));
  if (outcome.verdict === 'nondeterministic') {
    lines.push(`${head}: NONDETERMINISTIC: two runs of the same case in this process gave trace hashes ${outcome.traceHash} and ${outcome.secondTraceHash ?? '?'} (report has ${chosen.traceHash})`);
    const difference = outcome.difference;
    lines.push(difference === null
      ? '  every call was the same in both runs; they differ in what the checks found'
      : `  they first differ on ${difference.disk}:\n    first run:  ${printable(difference.first)}\n    second run: ${printable(difference.second)}`);
    lines.push('  crashsim needs the code under test to do the same for the same seed: look for Math.random, Date.now, real timers, or state kept between runs');
  }
  if (outcome.violations.length === 0) lines.push('no violation: every invariant held on replay');
  for (const v of outcome.violations) lines.push(`  [${v.invariant}] (crash after step ${v.crashStep}, state ${v.state}) ${printable(v.message)}`);
  return `${lines.join('\n')}\n`;
}

function describeChanged(head: string, outcome: ReplayOutcome, reportHash: string): string[] {
  const lines = [
    `${head}: DIVERGED, trace hash ${outcome.traceHash} (report has ${reportHash}); two runs here agree, so the code or crashsim changed since the report was made`,
    `  (or the code names files after where it is installed, as write-file-atomic hashes its own path into temp names, and the report was made in a checkout at another path)`,
  ];
  const difference = outcome.reportDifference;
  lines.push(difference === null
    ? '  the calls the report shows before its crash are the same here; the runs differ elsewhere'
    : `  the first call the report shows that was made otherwise here:\n    report: ${printable(difference.report)}\n    here:   ${printable(difference.here)}`);
  return lines;
}

function replayJson(source: ReplaySource, outcome: ReplayOutcome, exitCode: number): Record<string, unknown> {
  return {
    report: source.path,
    scenario: source.report.scenario,
    seed: source.report.seed,
    case: source.which,
    impl: source.impl === undefined ? null : source.impl.modulePath,
    verdict: outcome.verdict,
    traceHash: outcome.traceHash,
    reportTraceHash: source.chosen.traceHash,
    secondTraceHash: outcome.secondTraceHash,
    firstDifference: outcome.difference,
    reportDifference: outcome.reportDifference,
    violations: outcome.violations,
    exitCode,
  };
}
