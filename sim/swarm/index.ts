export type { OperationMix, SizeBounds, SwarmConfiguration, SwarmSpace, WorkloadKnobs } from './types.js';
export { SWARM_CLIENTS_COUNT_MAX, drawSwarmConfiguration, drawableFaultKinds } from './draw.js';
export { boundValueSize, keySpace, mixRoll, pickValueSize } from './knobs.js';
export { SwarmConfigurationError, checkSwarmConfiguration, checkSwarmFitsScenario, describeSwarmConfiguration } from './validate.js';
