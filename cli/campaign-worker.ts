import { parentPort, workerData } from 'node:worker_threads';
import type { Shard } from '../sim/runner/campaign.js';
import type { CliOptions } from './args.js';
import { resolveScenarios, runCampaignPart } from './campaign-part.js';
import { loadImpl } from './load-impl.js';

/** A worker thread's share of a campaign (campaign-command.ts starts it and reads its messages). */

export interface CampaignWorkerData {
  readonly entry: string;
  readonly options: CliOptions;
  readonly worker: Shard;
  readonly budgetMs: number;
}

export type CampaignWorkerMessage =
  | { readonly type: 'ran'; readonly scenario: string; readonly seed: number }
  | { readonly type: 'starting'; readonly scenario: string; readonly seed: number }
  | { readonly type: 'err'; readonly text: string }
  | { readonly type: 'done'; readonly result: import('./campaign-part.js').PartResult };

const data = workerData as CampaignWorkerData;
const port = parentPort;
if (port === null) throw new Error('campaign-worker.ts must run in a worker thread');
const scenarios = resolveScenarios(data.options.scenarios);
const impl = data.options.impl === null ? undefined : await loadImpl(data.options.impl, scenarios);
const post = (message: CampaignWorkerMessage): void => port.postMessage(message);
const result = await runCampaignPart(data.options, scenarios, impl, data.worker, data.budgetMs, {
  ran: (scenario, seed) => post({ type: 'ran', scenario, seed }),
  err: (text) => post({ type: 'err', text }),
  starting: (scenario, seed) => post({ type: 'starting', scenario, seed }),
});
post({ type: 'done', result });
