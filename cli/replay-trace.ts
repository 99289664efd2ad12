import { SimFs, formatTraceRecord, runScenario, type RunResult, type SystemFactory, type TraceRecord } from '../sim/index.js';
import type { ReplaySource } from './replay-source.js';

/**
 * Replaying a case with every call kept, so that two replays can be compared call by call: the
 * trace of each simulated disk the implementation was opened on, in the order it was opened
 * (the workload's disk first, then each recovery's), and the first call where two replays part.
 */

/** Enough for any run within the runner's step limits; kept calls cost only memory. */
const TRACE_RECORDS_MAX = 1_000_000;

export interface TracedReplay {
  readonly result: RunResult;
  /** The calls of each disk the factory was called with, in order. */
  readonly disks: readonly (readonly TraceRecord[])[];
}

export async function replayTraced(source: ReplaySource): Promise<TracedReplay> {
  const factory = source.impl?.factory ?? source.scenario.defaultFactory;
  const disks: SimFs[] = [];
  const tracing: SystemFactory<unknown> = (fs, root) => {
    if (fs instanceof SimFs && !disks.includes(fs)) disks.push(fs);
    return factory(fs, root);
  };
  const result = await runScenario(
    source.scenario,
    { ...source.chosen.options, crashStep: source.chosen.crashStep },
    { workload: source.workload, impl: tracing, traceRecordsCountMax: TRACE_RECORDS_MAX, recordSchedule: true },
  );
  return { result, disks: disks.map((disk) => [...disk.trace.records()]) };
}

export interface TraceDifference {
  /** Which disk: `the workload's disk`, or `the disk of recovery N`. */
  readonly disk: string;
  /** The differing call in each replay, as a timeline shows it, or what it did instead. */
  readonly first: string;
  readonly second: string;
}

/** The first call where two replays differ, or null when every call is the same in both. */
export function firstDifference(a: TracedReplay, b: TracedReplay): TraceDifference | null {
  const disksCount = Math.max(a.disks.length, b.disks.length);
  for (let index = 0; index < disksCount; index++) {
    const disk = index === 0 ? 'the workload\'s disk' : `the disk of recovery ${index}`;
    const prefix = index === 0 ? 's' : 'r';
    const left = a.disks[index];
    const right = b.disks[index];
    if (left === undefined || right === undefined) {
      const opened = (run: TracedReplay): string => `opened the system on ${run.disks.length} disk${run.disks.length === 1 ? '' : 's'}`;
      return { disk, first: opened(a), second: opened(b) };
    }
    const callsCount = Math.max(left.length, right.length);
    for (let seq = 0; seq < callsCount; seq++) {
      const line = (run: TracedReplay, records: readonly TraceRecord[]): string => {
        const record = records[seq];
        return record === undefined ? `no call ${prefix}${seq} (${records.length} calls in all)` : formatTraceRecord(record, { stepPrefix: prefix, caller: callerOf(run, index, seq) });
      };
      const first = line(a, left);
      const second = line(b, right);
      if (first !== second) return { disk, first, second };
    }
  }
  return null;
}

/** A call of a report's timeline, and what the replay shows in its place. */
export interface ReportDifference {
  readonly report: string;
  readonly here: string;
}

/**
 * The first call where the report's timeline (the last calls before its crash) and the replay's
 * part, or null when they show the same calls (the runs differ elsewhere: earlier calls, or
 * after the crash).
 */
export function firstDifferenceFromReport(reported: readonly string[], replayed: readonly string[]): ReportDifference | null {
  for (let index = 0; index < Math.max(reported.length, replayed.length); index++) {
    const report = reported[index] ?? `no call (the report shows ${reported.length})`;
    const here = replayed[index] ?? `no call (the replay shows ${replayed.length})`;
    if (report !== here) return { report, here };
  }
  return null;
}

/** Who made call `seq` of disk `disk`, as timelines name it (the replay recorded the schedule). */
function callerOf(run: TracedReplay, disk: number, seq: number): string {
  if (disk > 0) return 'recovery';
  if (seq < run.result.setupSteps) return 'setup';
  const client = run.result.schedule[seq - run.result.setupSteps];
  return client === undefined ? '?' : client < 0 ? 'system' : `c${client}`;
}
