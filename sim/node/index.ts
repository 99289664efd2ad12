/**
 * Unmodified Node.js code on the simulated disk: interposition of `node:fs` (every form), a
 * deterministic process (seeded randomness, virtual time and timers), fresh modules per run,
 * and guards (calls outside the root blocked, unsupported calls refused by name).
 */
export { installInterposition, isInterpositionInstalled } from './install.js';
export { NodeRun, withSimulatedFs } from './node-run.js';
export type { InterpositionViolation, NodeRunOptions } from './node-run.js';
export { NodeRunStalledError } from './settle.js';
export { SIMULATED_FD_BASE } from './fd-table.js';
export { SIMULATED_PID } from './deterministic-process.js';
export { UNSUPPORTED_CODE } from './node-errors.js';
