/**
 * Unmodified Node.js code on the simulated disk: interposition of `node:fs` (every form), a
 * deterministic process (seeded randomness, virtual time and timers), fresh modules per run,
 * and guards (calls outside the root blocked, unsupported calls refused by name); and the factory
 * that runs a module of such code as a scenario's System (node-system.ts).
 */
export { installInterposition, isInterpositionInstalled } from './install.js';
export { NodeRun, withSimulatedFs } from './node-run.js';
export type { InterpositionViolation, NodeRunOptions } from './node-run.js';
export { NodeRunAbortedError, NodeRunStalledError } from './settle.js';
export { ImplModuleError, nodeModuleFactory } from './node-system.js';
export type { NodeSystemContract } from './node-system.js';
export { loadNodeModuleImpl } from './impl-probe.js';
export { SIMULATED_FD_BASE } from './fd-table.js';
export { SIMULATED_PID } from './builtin-forwarders.js';
export { UNSUPPORTED_CODE } from './node-errors.js';
