import * as fsPromises from 'node:fs/promises';
import type { FileSystem } from './types.js';

/**
 * The real disk: `node:fs/promises` itself. The assignment is also the compile-time proof that
 * Node's module satisfies the contract, so production code can pass it unchanged.
 */
export const NodeFs: FileSystem = fsPromises;
