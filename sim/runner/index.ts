export { runScenario } from './run-scenario.js';
export type { FoundViolation, RunInputs, RunResult } from './run-scenario.js';
export { EXPLORATIONS, resolveRunOptions } from './options.js';
export type { Exploration, ResolvedRunOptions, RunOptions } from './options.js';
export { describeError } from './describe-error.js';
export { runCampaign } from './campaign.js';
export type { CampaignOptions, CampaignSummary, ScenarioSummary } from './campaign.js';
