/** The simulated disk: one entry file exporting every public name of sim/disk. */
export { SimFs } from './sim-fs.js';
export { SimulatedCrashError, isSimulatedCrash } from './crash-error.js';
export type { CrashPoint } from './crash-point.js';
export type { DiskImage, DirImage, FileImage } from './image.js';
export { CRASH_PROFILES } from './types.js';
export type { CrashOptions, CrashProfile, CrashStatesOptions, ReaddirOrder, SimFsOptions, StepHook, StepInfo } from './types.js';
