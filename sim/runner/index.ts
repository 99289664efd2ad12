export { runScenario } from './run-scenario.js';
export type { CrashStory, FoundViolation, RunInputs, RunResult } from './run-scenario.js';
export { EXPLORATIONS, resolveRunOptions } from './options.js';
export type { Exploration, ResolvedRunOptions, RunOptions } from './options.js';
export { describeError } from './describe-error.js';
export { FAILING_SEEDS_LISTED_MAX, mergeCampaignSummaries, runCampaign } from './campaign.js';
export type { CampaignOptions, CampaignSummary, ScenarioSummary, Shard } from './campaign.js';
export { CampaignHash } from './campaign-hash.js';
export type { CampaignHashState } from './campaign-hash.js';
