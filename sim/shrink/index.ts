export { shrinkFailure } from './shrink.js';
export type { ShrinkOptions, ShrinkResult } from './shrink.js';
