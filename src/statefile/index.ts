/** The JSON state file: public names only. */
export { openStateFile } from './atomic-state-file.js';
export type { StateFile, StateFileOptions } from './types.js';
export { StateFileError, isStateFileError } from './errors.js';
export type { StateFileErrorCode } from './errors.js';
