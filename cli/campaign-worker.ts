import { parentPort, workerData } from 'node:worker_threads';
import type { Shard } from '../sim/runner/campaign.js';
import type { CliOptions } from './args.js';
import { type PartResult, type PartShared, runCampaignPart } from './campaign-part.js';
import { loadImpl } from './load-impl.js';
import { resolveScenarios } from './load-scenario.js';
import type { WrittenFailure } from './report-failure.js';
import { wallClockMs } from './wall-clock.js';

/** How often a worker tells the main thread how many runs it finished (progress lines come every 2 s). */
const RAN_MESSAGE_INTERVAL_MS = 100;

/** A worker thread's share of a campaign (campaign-command.ts starts it and reads its messages). */

export interface CampaignWorkerData {
  readonly entry: string;
  /**
   * [scenario index, seed] of the run this worker is making, written before each run: the main
   * thread reads it only if the worker dies, to name the seed. Shared memory rather than a
   * message per run, which cost the main thread more than the runs' own bookkeeping.
   */
  readonly running: Float64Array;
  readonly options: CliOptions;
  readonly worker: Shard;
  readonly budgetMs: number;
  /** Shared with the main thread and the other workers (SharedArrayBuffers). */
  readonly shared: PartShared;
}

export type CampaignWorkerMessage =
  /** `count` runs finished since the last such message, the latest of them `scenario` `seed`. */
  | { readonly type: 'ran'; readonly scenario: string; readonly seed: number; readonly count: number }
  | { readonly type: 'err'; readonly text: string }
  | { readonly type: 'reported'; readonly written: WrittenFailure }
  | { readonly type: 'done'; readonly result: PartResult };

const data = workerData as CampaignWorkerData;
const port = parentPort;
if (port === null) throw new Error('campaign-worker.ts must run in a worker thread');
// The main thread loaded the same modules before starting the workers, so these load too.
const chosen = await resolveScenarios(data.options.scenarios);
const impl = data.options.impl === null ? undefined : await loadImpl(data.options.impl, chosen[0]?.scenario);
const post = (message: CampaignWorkerMessage): void => port.postMessage(message);
const indexOf = new Map(chosen.map((c, index) => [c.scenario.name, index]));
// Finished runs are told in batches, at most one message per RAN_MESSAGE_INTERVAL_MS.
let unreported: { scenario: string; seed: number; count: number } | null = null;
let lastRanMessage = 0;
const flushRan = (): void => {
  if (unreported !== null) post({ type: 'ran', ...unreported });
  unreported = null;
  lastRanMessage = wallClockMs();
};
const result = await runCampaignPart({
  options: data.options,
  chosen,
  impl,
  worker: data.worker,
  budgetMs: data.budgetMs,
  shared: data.shared,
  sink: {
    ran: (scenario, seed) => {
      unreported = { scenario, seed, count: (unreported?.count ?? 0) + 1 };
      if (wallClockMs() - lastRanMessage >= RAN_MESSAGE_INTERVAL_MS) flushRan();
    },
    err: (text) => post({ type: 'err', text }),
    starting: (scenario, seed) => {
      data.running[0] = indexOf.get(scenario) ?? -1;
      data.running[1] = seed;
    },
    reported: (written) => post({ type: 'reported', written }),
  },
});
flushRan();
post({ type: 'done', result });
