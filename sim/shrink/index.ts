export { shrinkFailure } from './shrink.js';
export type { ShrinkOptions, ShrinkResult } from './shrink.js';
export { driveShrink } from './drive.js';
export type { DriveResult, ShrinkStage } from './drive.js';
export { changeCase, operationsIn } from './case.js';
export type { FailingCase, ShrinkCase, Workload } from './case.js';
export type { Judge, ShrinkPass } from './pass.js';
export {
  PROBABILITY_HALVINGS_MAX,
  PROFILES_GENTLEST_FIRST,
  defaultShrinkStages,
  earlierCrash,
  exactFaults,
  fewerClients,
  fewerFaultRules,
  fewerOperations,
  gentlerProfile,
  pinnedRules,
  rarerFaults,
} from './passes/index.js';
