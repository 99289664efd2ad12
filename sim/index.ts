/**
 * crashsim's simulator: the `crashsim/sim` entry point. Everything a test or a tool needs to
 * drive storage code on a simulated disk, crash it, and judge what recovery leaves.
 */
export { SimFs, SimulatedCrashError, isSimulatedCrash, CRASH_PROFILES } from './disk/index.js';
export type {
  CrashOptions,
  CrashPoint,
  CrashProfile,
  CrashStatesOptions,
  DiskImage,
  DirImage,
  FileImage,
  ReaddirOrder,
  SimFsOptions,
  StepHook,
  StepInfo,
} from './disk/index.js';
export { Rng, RngStreams, SEED_MAX, assertSeed } from './rng.js';
export { StableHash, Trace, formatTraceRecord } from './trace.js';
export type { TraceLineOptions, TraceOptions, TraceRecord } from './trace.js';
export { SCHEDULER_STRATEGIES, Scheduler } from './scheduler.js';
export type { SchedulerOptions, SchedulerStrategy } from './scheduler.js';
export { HOST_VIOLATIONS, damagesData, eraseScenario, hostViolationsOf } from './scenario.js';
export { ScenarioDefinitionError, defineScenario, isDefinedScenario } from './define-scenario.js';
export type { ScenarioDefinition } from './define-scenario.js';
export type {
  AnyScenario,
  HostedSystem,
  CheckInput,
  OperationOutcome,
  OperationRecord,
  Scenario,
  SystemFactory,
  Violation,
  WorkloadSize,
} from './scenario.js';
export { CampaignHash, EXPLORATIONS, describeError, missingMarks, resolveRunOptions, runCampaign, runScenario } from './runner/index.js';
// Coverage marks, for scenarios of one's own (the stores import them from crashsim itself).
export { declareMark, reachable, sometimes } from '../src/coverage/index.js';
export type { CoverageMark } from '../src/coverage/index.js';
export type {
  CampaignHashState,
  CampaignOptions,
  CampaignSummary,
  Exploration,
  FoundViolation,
  ResolvedRunOptions,
  RunInputs,
  RunOptions,
  RunResult,
  ScenarioSummary,
} from './runner/index.js';
export {
  SWARM_CLIENTS_COUNT_MAX,
  SwarmConfigurationError,
  boundValueSize,
  checkSwarmConfiguration,
  describeSwarmConfiguration,
  drawSwarmConfiguration,
  drawableFaultKinds,
  keySpace,
  mixRoll,
  pickValueSize,
} from './swarm/index.js';
export type { OperationMix, SizeBounds, SwarmConfiguration, SwarmSpace, WorkloadKnobs } from './swarm/index.js';
export { shrinkFailure } from './shrink/index.js';
export type { ShrinkOptions, ShrinkResult } from './shrink/index.js';
export { ReportError, buildReport, decodeValue, encodeValue, formatTimeline, readReport, writeReport } from './report/index.js';
export type { FailureReport, ReportedCase } from './report/index.js';
export {
  FAULT_KINDS,
  FaultInjector,
  FaultPlan,
  FaultSpecError,
  always,
  and,
  capacity,
  not,
  onIndex,
  opKind,
  or,
  parseFaultSpec,
  pathIs,
  pathMatch,
  phase,
  randomly,
} from './faults/index.js';
export type { FaultKind, FaultPhase } from './faults/index.js';
export { reportFailure } from './failure/index.js';
export type { ReportFailureOptions, ReportedFailure } from './failure/index.js';
export { LivenessWatch } from './runner/liveness.js';
export type { LivenessLimits, PhaseOutcome, VirtualTimers } from './runner/liveness.js';
// For scenarios: the faults a check is told about, how a thrown error is named in a history,
// the corruption verdict under bit flips, and copies carved from the simulator's slabs (cheap
// bytes for workload values).
export type { InjectedFault } from './scenario.js';
export { errorOutcome } from './runner/history.js';
export { isCorruptionReport } from './faults/corruption.js';
export { ownedCopy } from './disk/bytes.js';
export {
  ImplModuleError,
  NodeRun,
  NodeRunAbortedError,
  NodeRunStalledError,
  SIMULATED_FD_BASE,
  SIMULATED_PID,
  UNSUPPORTED_CODE,
  installInterposition,
  isInterpositionInstalled,
  loadNodeModuleImpl,
  nodeModuleFactory,
  withSimulatedFs,
} from './node/index.js';
export type { InterpositionViolation, NodeRunOptions, NodeSystemContract } from './node/index.js';
