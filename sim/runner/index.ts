export { runScenario } from './run-scenario.js';
export type { CrashStory, FoundViolation, RunInputs, RunResult } from './run-scenario.js';
export { EXPLORATIONS, resolveRunOptions } from './options.js';
export type { Exploration, ResolvedRunOptions, RunOptions } from './options.js';
export { describeError } from './describe-error.js';
export { missingMarks } from './campaign-marks.js';
export { hashCampaignEntries, mergeCampaignSummaries, runCampaign } from './campaign.js';
export type { CampaignEntry, CampaignOptions, CampaignSummary, ScenarioSummary, Shard } from './campaign.js';
