import type { ActiveRun } from './active-run.js';
import type { FacadeCall } from './facade-call.js';
import {
  booleanOption,
  dataBytes,
  decoded,
  encodingOf,
  flagOf,
  integerOr,
  optionsOf,
  refuseOption,
  stringArg,
} from './node-args.js';
import { isSimulatedFd } from './fd-table.js';
import {
  existsPath,
  lookupAs,
  linkPath,
  mkdirOne,
  mkdirRecursive,
  mkdtempPath,
  readdirEntries,
  readdirNames,
  realpathOf,
  renamePath,
  rmPath,
  rmdirOne,
  statAs,
  unlinkOne,
} from './ops-path.js';
import { copyWholeFile, readWholeFile, truncatePath, writeWholeFile } from './ops-whole.js';
import type { FileTarget } from './ops-whole.js';
import type { Steps } from './steps.js';

/** The path calls of `fs` (callback and sync forms), and of `fs.promises` where they take the same arguments. */

const noValue = (): unknown[] => [];

function targetOf(value: unknown): FileTarget {
  if (typeof value === 'string') return { kind: 'path', path: value };
  if (isSimulatedFd(value)) return { kind: 'fd', fd: value };
  throw new TypeError(`crashsim: expected a path or a simulated fd, got ${typeof value}`);
}

function* readFileSteps(run: ActiveRun, args: readonly unknown[]): Steps<Buffer | string> {
  const options = optionsOf(args[1]);
  const encoding = encodingOf(options);
  return decoded(yield* readWholeFile(run, targetOf(args[0]), flagOf(options)), encoding);
}

function writeFileSteps(fallback: 'w' | 'a'): (run: ActiveRun, args: readonly unknown[]) => Steps<void> {
  return (run, args) => {
    const options = optionsOf(args[2]);
    const bytes = dataBytes(args[1], encodingOf(options));
    return writeWholeFile(run, targetOf(args[0]), bytes, { flags: flagOf(options), flush: booleanOption(options, 'flush') }, fallback);
  };
}

function* statSteps(run: ActiveRun, args: readonly unknown[], syscall: 'stat' | 'lstat'): Steps<unknown> {
  const options = optionsOf(args[1]);
  refuseOption(options, 'bigint', 'the simulated disk reports number stats only');
  try {
    return yield* statAs(run, stringArg(args, 0, 'path'), syscall);
  } catch (error) {
    // statSync(path, { throwIfNoEntry: false }) answers undefined for a missing name.
    if (options['throwIfNoEntry'] === false && (error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
}

function readdirSteps(run: ActiveRun, args: readonly unknown[]): Steps<unknown> {
  const options = optionsOf(args[1]);
  refuseOption(options, 'recursive', 'recursive listings are not served');
  if (options['encoding'] === 'buffer') refuseOption(options, 'encoding', 'names as buffers are not served');
  const path = stringArg(args, 0, 'path');
  return booleanOption(options, 'withFileTypes') ? readdirEntries(run, path) : readdirNames(run, path);
}

function mkdirSteps(run: ActiveRun, args: readonly unknown[]): Steps<string | undefined> {
  const options = typeof args[1] === 'number' ? {} : optionsOf(args[1]);
  const path = stringArg(args, 0, 'path');
  if (booleanOption(options, 'recursive')) return mkdirRecursive(run, path);
  return (function* (): Steps<undefined> {
    yield* mkdirOne(run, path);
    return undefined;
  })();
}

function rmdirSteps(run: ActiveRun, args: readonly unknown[]): Steps<void> {
  const path = stringArg(args, 0, 'path');
  // rmdir's recursive option is rm's recursive removal (deprecated, but still served by Node).
  if (booleanOption(optionsOf(args[1]), 'recursive')) return rmPath(run, path, { recursive: true, force: true });
  return rmdirOne(run, path);
}

function rmSteps(run: ActiveRun, args: readonly unknown[]): Steps<void> {
  const options = optionsOf(args[1]);
  return rmPath(run, stringArg(args, 0, 'path'), { recursive: booleanOption(options, 'recursive'), force: booleanOption(options, 'force') });
}

function realpathSteps(syscall: 'lstat' | 'realpath'): (run: ActiveRun, args: readonly unknown[]) => Steps<string> {
  return (run, args) => {
    if (optionsOf(args[1])['encoding'] === 'buffer') refuseOption(optionsOf(args[1]), 'encoding', 'paths as buffers are not served');
    return realpathOf(run, stringArg(args, 0, 'path'), syscall);
  };
}

/** chmod, chown, utimes and their l- forms: the disk keeps no modes, owners or times, so they only look the path up. */
function touchPath(syscall: string): (run: ActiveRun, args: readonly unknown[]) => Steps<void> {
  return function* (run, args) {
    yield* lookupAs(run, stringArg(args, 0, 'path'), syscall);
  };
}

const pathOrFd = { paths: [0], fdAt: 0 } as const;

export const PATH_CALLS: Readonly<Record<string, FacadeCall>> = {
  readFile: { ...pathOrFd, readOnly: true, steps: readFileSteps },
  writeFile: { ...pathOrFd, readOnly: false, steps: writeFileSteps('w'), callbackArgs: noValue },
  appendFile: { ...pathOrFd, readOnly: false, steps: writeFileSteps('a'), callbackArgs: noValue },
  copyFile: {
    paths: [0, 1],
    readOnly: false,
    steps: (run, args) => copyWholeFile(run, stringArg(args, 0, 'src'), stringArg(args, 1, 'dest'), integerOr(args[2], 0, 'mode')),
    callbackArgs: noValue,
  },
  truncate: {
    paths: [0],
    readOnly: false,
    steps: (run, args) => truncatePath(run, stringArg(args, 0, 'path'), integerOr(args[1], 0, 'len')),
    callbackArgs: noValue,
  },
  rename: { paths: [0, 1], readOnly: false, steps: (run, args) => renamePath(run, stringArg(args, 0, 'oldPath'), stringArg(args, 1, 'newPath')), callbackArgs: noValue },
  link: { paths: [0, 1], readOnly: false, steps: (run, args) => linkPath(run, stringArg(args, 0, 'existingPath'), stringArg(args, 1, 'newPath')), callbackArgs: noValue },
  unlink: { paths: [0], readOnly: false, steps: (run, args) => unlinkOne(run, stringArg(args, 0, 'path')), callbackArgs: noValue },
  mkdir: { paths: [0], readOnly: false, steps: mkdirSteps },
  mkdtemp: { paths: [0], readOnly: false, steps: (run, args) => mkdtempPath(run, stringArg(args, 0, 'prefix')) },
  rmdir: { paths: [0], readOnly: false, steps: rmdirSteps, callbackArgs: noValue },
  rm: { paths: [0], readOnly: false, steps: rmSteps, callbackArgs: noValue },
  readdir: { paths: [0], readOnly: true, steps: readdirSteps },
  stat: { paths: [0], readOnly: true, steps: (run, args) => statSteps(run, args, 'stat') },
  lstat: { paths: [0], readOnly: true, steps: (run, args) => statSteps(run, args, 'lstat') },
  realpath: { paths: [0], readOnly: true, steps: realpathSteps('lstat') },
  access: { paths: [0], readOnly: true, steps: touchPath('access'), callbackArgs: noValue },
  exists: { paths: [0], readOnly: true, steps: (run, args) => existsPath(run, stringArg(args, 0, 'path')) },
  chmod: { paths: [0], readOnly: false, steps: touchPath('chmod'), callbackArgs: noValue },
  chown: { paths: [0], readOnly: false, steps: touchPath('chown'), callbackArgs: noValue },
  utimes: { paths: [0], readOnly: false, steps: touchPath('utime'), callbackArgs: noValue },
  lchown: { paths: [0], readOnly: false, steps: touchPath('lchown'), callbackArgs: noValue },
  lutimes: { paths: [0], readOnly: false, steps: touchPath('lutime'), callbackArgs: noValue },
  lchmod: { paths: [0], readOnly: false, steps: touchPath('lchmod'), callbackArgs: noValue },
};

/** `realpath.native` (one realpath(3) call; its errors name realpath, the JavaScript one's lstat). */
export const REALPATH_NATIVE: FacadeCall = { paths: [0], readOnly: true, steps: realpathSteps('realpath') };
