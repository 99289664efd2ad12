import { markCorruption } from '../fs/errors.js';

/** Errors of the state file. Codes are stable; messages say what was wrong and what to do. */

export type StateFileErrorCode = 'STATEFILE_CORRUPT' | 'STATEFILE_INVALID_STATE' | 'STATEFILE_CLOSED';

export class StateFileError extends Error {
  override readonly name = 'StateFileError';
  readonly code: StateFileErrorCode;

  constructor(code: StateFileErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    // The only code that reports damage (the file fails its checksum or does not parse).
    if (code === 'STATEFILE_CORRUPT') markCorruption(this);
  }
}

/** Works across realms and module copies: checks the shape, not the class. */
export function isStateFileError(error: unknown, code?: StateFileErrorCode): error is StateFileError {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { name?: unknown; code?: unknown };
  return candidate.name === 'StateFileError' && typeof candidate.code === 'string' && (code === undefined || candidate.code === code);
}
