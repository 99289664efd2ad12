import { parentPort, workerData } from 'node:worker_threads';
import type { Shard } from '../sim/runner/campaign.js';
import type { CliOptions } from './args.js';
import { type PartResult, type PartShared, runCampaignPart } from './campaign-part.js';
import { loadImpl } from './load-impl.js';
import { resolveScenarios } from './load-scenario.js';
import type { WrittenFailure } from './report-failure.js';

/** A worker thread's share of a campaign (campaign-command.ts starts it and reads its messages). */

export interface CampaignWorkerData {
  readonly entry: string;
  readonly options: CliOptions;
  readonly worker: Shard;
  readonly budgetMs: number;
  /** Shared with the main thread and the other workers (SharedArrayBuffers). */
  readonly shared: PartShared;
}

export type CampaignWorkerMessage =
  | { readonly type: 'ran'; readonly scenario: string; readonly seed: number }
  | { readonly type: 'starting'; readonly scenario: string; readonly seed: number }
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
const result = await runCampaignPart({
  options: data.options,
  chosen,
  impl,
  worker: data.worker,
  budgetMs: data.budgetMs,
  shared: data.shared,
  sink: {
    ran: (scenario, seed) => post({ type: 'ran', scenario, seed }),
    err: (text) => post({ type: 'err', text }),
    starting: (scenario, seed) => post({ type: 'starting', scenario, seed }),
    reported: (written) => post({ type: 'reported', written }),
  },
});
post({ type: 'done', result });
