import type { ActiveRun } from './active-run.js';
import type { FacadeCall } from './facade-call.js';
import { bufferList, fdArg, integerOr, optionsOf, positionOf, readRequest, refuseOption, stringArg, writeRequest } from './node-args.js';
import { closeFd, entryOf, fdatasyncFd, fstatFd, fsyncFd, ftruncateFd, openFd, readFd, readvFd, writeFd, writevFd } from './ops-fd.js';
import { nodeStats } from './stats.js';
import type { Steps } from './steps.js';

/** The fd calls of `fs` (callback and sync forms): open, close, read, write, writev, readv, syncs, ftruncate, fstat. */

function* openSteps(run: ActiveRun, args: readonly unknown[]): Steps<number> {
  const entry = yield* openFd(run, stringArg(args, 0, 'path'), args[1], 'r');
  return entry.fd;
}

function* statSteps(run: ActiveRun, args: readonly unknown[]): Steps<unknown> {
  refuseOption(optionsOf(args[1]), 'bigint', 'the simulated disk reports number stats only');
  const stats = yield* fstatFd(entryOf(run, fdArg(args, 0), 'fstat'));
  return nodeStats(stats, run.statTimeMs);
}

/** A no-op on an open file that still takes a step (fchmod, fchown, futimes): the disk keeps no modes, owners or times. */
function* touchFd(run: ActiveRun, args: readonly unknown[], syscall: string): Steps<void> {
  yield* fstatFd(entryOf(run, fdArg(args, 0), syscall));
}

const noValue = (): unknown[] => [];

export const FD_CALLS: Readonly<Record<string, FacadeCall>> = {
  open: {
    paths: [0],
    readOnly: (args) => args[1] === undefined || args[1] === 'r' || args[1] === 0,
    steps: openSteps,
  },
  close: { paths: [], fdAt: 0, readOnly: true, steps: (run, args) => closeFd(run, fdArg(args, 0)), callbackArgs: noValue },
  read: {
    paths: [],
    fdAt: 0,
    readOnly: true,
    steps: (run, args) => {
      const request = readRequest(args.slice(1));
      return readFd(entryOf(run, fdArg(args, 0), 'read'), request.buffer, request.offset, request.length, request.position);
    },
    callbackArgs: (bytesRead, args) => [bytesRead, readRequest(args.slice(1)).buffer],
  },
  write: {
    paths: [],
    fdAt: 0,
    readOnly: false,
    steps: (run, args) => {
      const request = writeRequest(args.slice(1));
      return writeFd(entryOf(run, fdArg(args, 0), 'write'), request.bytes, request.offset, request.length, request.position);
    },
    callbackArgs: (bytesWritten, args) => [bytesWritten, writeRequest(args.slice(1)).source],
  },
  writev: {
    paths: [],
    fdAt: 0,
    readOnly: false,
    steps: (run, args) => writevFd(entryOf(run, fdArg(args, 0), 'write'), bufferList(args[1]), positionOf(args[2])),
    callbackArgs: (bytesWritten, args) => [bytesWritten, args[1]],
  },
  readv: {
    paths: [],
    fdAt: 0,
    readOnly: true,
    steps: (run, args) => readvFd(entryOf(run, fdArg(args, 0), 'read'), bufferList(args[1]), positionOf(args[2])),
    callbackArgs: (bytesRead, args) => [bytesRead, args[1]],
  },
  fsync: { paths: [], fdAt: 0, readOnly: false, steps: (run, args) => fsyncFd(entryOf(run, fdArg(args, 0), 'fsync')), callbackArgs: noValue },
  fdatasync: { paths: [], fdAt: 0, readOnly: false, steps: (run, args) => fdatasyncFd(entryOf(run, fdArg(args, 0), 'fdatasync')), callbackArgs: noValue },
  ftruncate: {
    paths: [],
    fdAt: 0,
    readOnly: false,
    steps: (run, args) => ftruncateFd(entryOf(run, fdArg(args, 0), 'ftruncate'), integerOr(args[1], 0, 'len')),
    callbackArgs: noValue,
  },
  fstat: { paths: [], fdAt: 0, readOnly: true, steps: statSteps },
  fchmod: { paths: [], fdAt: 0, readOnly: false, steps: (run, args) => touchFd(run, args, 'fchmod'), callbackArgs: noValue },
  fchown: { paths: [], fdAt: 0, readOnly: false, steps: (run, args) => touchFd(run, args, 'fchown'), callbackArgs: noValue },
  futimes: { paths: [], fdAt: 0, readOnly: false, steps: (run, args) => touchFd(run, args, 'futimes'), callbackArgs: noValue },
};
