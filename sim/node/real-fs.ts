import fs from 'node:fs';

/**
 * The real fs functions the interposition layer itself needs during a run (to tell CommonJS
 * files from ESM ones), taken when this module is first evaluated: before `installInterposition`
 * replaces them, since the modules that install import this one.
 */
export const realReadFileSync = fs.readFileSync.bind(fs);
export const realExistsSync = fs.existsSync.bind(fs);
