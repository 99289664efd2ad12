/**
 * Node-style filesystem errors. Every backend rejects with an error carrying Node's `code`,
 * `syscall` and `path`, so stores handle `node:fs/promises` and simulated disks the same way.
 */

/** The closed set of error codes the contract uses. */
export type FsErrorCode =
  | 'ENOENT'
  | 'EEXIST'
  | 'ENOTDIR'
  | 'EISDIR'
  | 'ENOTEMPTY'
  | 'EBADF'
  | 'EINVAL'
  | 'EIO'
  | 'ENOSPC'
  | 'EXDEV'
  | 'EPERM'
  | 'EACCES';

const DESCRIPTIONS: Readonly<Record<FsErrorCode, string>> = {
  ENOENT: 'no such file or directory',
  EEXIST: 'file already exists',
  ENOTDIR: 'not a directory',
  EISDIR: 'illegal operation on a directory',
  ENOTEMPTY: 'directory not empty',
  EBADF: 'bad file descriptor',
  EINVAL: 'invalid argument',
  EIO: 'i/o error',
  ENOSPC: 'no space left on device',
  EXDEV: 'cross-device link not permitted',
  EPERM: 'operation not permitted',
  EACCES: 'permission denied',
};

/** The shape of a Node filesystem error, whatever realm or backend produced it. */
export interface FsErrorLike extends Error {
  readonly code: string;
  readonly syscall: string;
  readonly path?: string | undefined;
}

/** A filesystem error raised by a crashsim backend, shaped exactly like Node's. */
export class FsError extends Error implements FsErrorLike {
  override readonly name = 'FsError';
  readonly code: FsErrorCode;
  readonly syscall: string;
  readonly path: string | undefined;
  readonly dest: string | undefined;

  constructor(code: FsErrorCode, syscall: string, path?: string, dest?: string) {
    const where = path === undefined ? '' : dest === undefined ? ` '${path}'` : ` '${path}' -> '${dest}'`;
    super(`${code}: ${DESCRIPTIONS[code]}, ${syscall}${where}`);
    this.code = code;
    this.syscall = syscall;
    this.path = path;
    this.dest = dest;
  }
}

/** Builds a Node-style error. Thin, so call sites read as `throw fsError('ENOENT', 'open', p)`. */
export function fsError(code: FsErrorCode, syscall: string, path?: string, dest?: string): FsError {
  return new FsError(code, syscall, path, dest);
}

/**
 * True for any Node-style filesystem error (from `node:fs`, memfs, or a crashsim backend).
 * Works across realms and packages, unlike `instanceof`.
 */
export function isFsError(error: unknown): error is FsErrorLike {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { code?: unknown; syscall?: unknown; message?: unknown };
  return typeof candidate.code === 'string' && typeof candidate.syscall === 'string' && typeof candidate.message === 'string';
}

/** True when `error` is a filesystem error with the given code. */
export function hasErrorCode(error: unknown, code: FsErrorCode): boolean {
  return isFsError(error) && error.code === code;
}

/**
 * Builds an error without capturing a stack, for the answers code gives on every other call
 * (not found, already exists): they report the state of the data, not a fault in the code, so the
 * frames say nothing the message does not, and capturing them is the costliest part of an error
 * (a simulated campaign raises thousands a second).
 */
export function withoutStack<E extends Error>(build: () => E): E {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return build();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * The brand of a corruption error: a store's way of saying "my data is damaged, so I refuse to
 * serve it" (a checksum that disagrees, a record no crash can leave). Under injected bit flips that
 * refusal is the right answer, and the simulator accepts it only from errors carrying this brand,
 * never from words in a name or message. Registered with `Symbol.for`, so a store loaded as
 * another module copy (`--impl`) or in another realm brands with the same key.
 */
export const CORRUPTION_BRAND: unique symbol = Symbol.for('crashsim.corruption');

/** What a branded corruption error carries. */
export interface CorruptionBranded {
  readonly [CORRUPTION_BRAND]: true;
}

/**
 * Brands `error` as a corruption report and returns it, for stores whose error class covers more
 * than corruption (one class, several codes). A class that only ever means corruption declares
 * `readonly [CORRUPTION_BRAND] = true` instead.
 */
export function markCorruption<E extends Error>(error: E): E & CorruptionBranded {
  Object.defineProperty(error, CORRUPTION_BRAND, { value: true, enumerable: false });
  return error as E & CorruptionBranded;
}

/** True for an error branded as a corruption report, from any realm or module copy. */
export function isCorruptionError(error: unknown): error is Error & CorruptionBranded {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { [CORRUPTION_BRAND]?: unknown; message?: unknown };
  return candidate[CORRUPTION_BRAND] === true && typeof candidate.message === 'string';
}
