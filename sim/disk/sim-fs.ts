import { simError } from './sim-error.js';
import type { OpenFlagSemantics } from '../../src/fs/open-flags.js';
import type { FileHandle, FileStats, FileSystem, MkdirOptions, OpenFlags, WriteFileOptions } from '../../src/fs/types.js';
import { RngStreams } from '../rng.js';
import type { Rng } from '../rng.js';
import { Trace } from '../trace.js';
import { FILE_SIZE_BYTES_MAX } from './bytes.js';
import { exploreCrashStates, randomCrashState } from './crash-explore.js';
import type { CrashPoint } from './crash-point.js';
import { describeOps, describePending, visibleFiles } from './describe.js';
import { describeOutcome } from './outcomes.js';
import type { Outcome } from './outcomes.js';
import { DiskState } from './disk-state.js';
import { SimFileHandle } from './handle.js';
import type { HandleEffects } from './handle.js';
import { digestOf, fromImage, toImage } from './image.js';
import type { DiskImage } from './image.js';
import type { FileNode, Inode, PendingOp } from './nodes.js';
import { mkdirOne, mkdirRecursive, openNode } from './name-effects.js';
import { flagSemantics } from './open-flags.js';
import { resolveCrashSeed, resolveMaxStates, resolveProfile, resolveSimFsOptions } from './options.js';
import type { ResolvedSimFsOptions } from './options.js';
import { failWith, lookup, lookupSlot, statsOf } from './resolve.js';
import type { Fail } from './resolve.js';
import { StepGate } from './step-gate.js';
import { flipFileBits, flipNodeBits, writeFileGrowth } from './fault-effects.js';
import type { CrashOptions, CrashStatesOptions, DiskFaults, FaultableCall, InjectedCode, SimFsOptions } from './types.js';

const encoder = new TextEncoder();

/**
 * A simulated disk (DESIGN.md section 3): behaves like Linux through the FileSystem contract, keeps
 * what is durable apart from what is visible, and on `crash()` produces one of the states a real
 * disk could legally be left in. Every contract call and every handle call is exactly one step
 * (see StepGate): announced to `onStep`, then applied synchronously, then recorded in `trace`.
 */
export class SimFs implements FileSystem {
  readonly #options: SimFsOptions;
  readonly #resolved: ResolvedSimFsOptions;
  readonly #gate: StepGate;
  readonly #readdirRng: Rng | undefined;
  readonly #faults: DiskFaults | undefined;
  #disk = new DiskState();

  /** An empty disk holding only `/`, durable. */
  constructor(options: SimFsOptions = {}) {
    this.#resolved = resolveSimFsOptions(options, 'SimFs');
    this.#options = options;
    this.#gate = new StepGate(options.trace ?? new Trace(), options.onStep, (step) => {
      this.#disk.step = step;
    });
    this.#readdirRng = this.#resolved.readdirOrder === 'shuffled' ? new RngStreams(this.#resolved.seed).stream('readdir') : undefined;
    this.#faults = options.faults;
  }

  /** A disk holding `image`, everything durable. Hard links in the image are copies (see DiskImage). */
  static fromImage(image: DiskImage, options: SimFsOptions = {}): SimFs {
    return SimFs.#withDisk(fromImage(image), options);
  }

  static #withDisk(disk: DiskState, options: SimFsOptions, story: readonly string[] = []): SimFs {
    const fs = new SimFs(options);
    fs.#disk = disk;
    fs.#story = story;
    return fs;
  }

  #story: readonly string[] = [];

  /**
   * On a disk made by a crash with `explain`: what the crash did to each pending operation of the
   * disk it came from, one line each (`#14 rename /a/tmp -> /a/x: lost`). Empty otherwise.
   */
  get crashStory(): readonly string[] {
    return this.#story;
  }

  /** On a disk made by a crash: how many pending operations reached the disk at least in part. */
  get crashSurvivorsCount(): number {
    return this.#disk.crashChoices?.outcomes.filter((outcome) => outcome.kind !== 'drop').length ?? 0;
  }

  /** The crash story of `state` as this (the crashed) disk names things now. */
  #storyOf(state: DiskState): readonly string[] {
    const choices = state.crashChoices;
    if (choices === null) return [];
    const lines = describeOps(this.#disk, choices.ops);
    return lines.map((line, i) => `${line}: ${describeOutcome(choices.ops[i] as PendingOp, choices.outcomes[i] as Outcome, this.#resolved.sectorSizeBytes)}`);
  }

  get trace(): Trace {
    return this.#gate.trace;
  }

  /**
   * Runs one call of this disk or of one of its handles (`() => fs.open(p, 'w')`) as an atomic
   * step and returns its result synchronously (or throws its error): for synchronous callers such
   * as Node's `fs.openSync`. The step is announced to `onStep` with `atomic: true` and must not be
   * held; it is traced and remains a crash point like any other.
   */
  atomically<T>(call: () => Promise<T>): T {
    return this.#gate.atomically(call);
  }

  /** True once `crash()` was called: every call rejects with SimulatedCrashError. */
  get isDead(): boolean {
    return this.#gate.isDead;
  }

  // ---- The FileSystem contract -------------------------------------------------------------

  open(path: string, flags: OpenFlags = 'r'): Promise<FileHandle> {
    return this.#gate.step('open', path, `flags=${String(flags)}`, () => {
      const semantics = flagSemantics(flags, 'open');
      const node = openNode(this.#disk, path, semantics, 'open');
      return new SimFileHandle(this.#gate, this.#disk, this.#effects, node, path, semantics);
    });
  }

  rename(oldPath: string, newPath: string): Promise<void> {
    return this.#gate.stepTo('rename', oldPath, String(newPath), `-> ${String(newPath)}`, () => {
      const fail: Fail = failWith('rename', oldPath, newPath);
      // Linux's order: both parents are looked up first, then the source, then ancestry, then types.
      const sourceAncestors = new Set<Inode>([this.#disk.root]);
      const from = lookupSlot(this.#disk.root, oldPath, 'rename', fail, (dir) => void sourceAncestors.add(dir));
      const targetAncestors = new Set<Inode>([this.#disk.root]);
      const to = lookupSlot(this.#disk.root, newPath, 'rename', fail, (dir) => void targetAncestors.add(dir));
      // Linux answers EBUSY for `/`, a code outside the contract's set: EPERM says the same here.
      if (from === undefined || to === undefined) fail('EPERM');
      const node = from.node;
      if (node === undefined) fail('ENOENT');
      const target = to.node;
      if (node.kind === 'file' && to.trailingSlash) fail('ENOTDIR');
      if (to.dir !== from.dir) {
        if (targetAncestors.has(node)) fail('EINVAL'); // a directory moved into its own subtree
        if (target !== undefined && sourceAncestors.has(target)) fail('ENOTEMPTY'); // onto its own ancestor
      }
      if (target === node) return; // Two names of one inode (or one name twice): Linux does nothing.
      if (target !== undefined) {
        if (node.kind === 'file' && target.kind === 'dir') fail('EISDIR');
        if (node.kind === 'dir' && target.kind === 'file') fail('ENOTDIR');
        if (target.kind === 'dir' && target.entries.size > 0) fail('ENOTEMPTY');
      }
      this.#disk.rename(from.dir, from.name, to.dir, to.name, node);
    });
  }

  link(existingPath: string, newPath: string): Promise<void> {
    return this.#gate.stepTo('link', existingPath, String(newPath), `-> ${String(newPath)}`, () => {
      const fail: Fail = failWith('link', existingPath, newPath);
      const node = lookup(this.#disk.root, existingPath, 'link', fail);
      const to = lookupSlot(this.#disk.root, newPath, 'link', fail);
      if (to === undefined || to.node !== undefined) fail('EEXIST');
      if (node.kind === 'dir') fail('EPERM');
      this.#disk.addName('link', to.dir, to.name, node);
    });
  }

  unlink(path: string): Promise<void> {
    return this.#gate.step('unlink', path, '', () => {
      const fail: Fail = failWith('unlink', path);
      const slot = lookupSlot(this.#disk.root, path, 'unlink', fail);
      if (slot === undefined) fail('EISDIR');
      const node = slot.node;
      if (node === undefined) fail('ENOENT');
      if (node.kind === 'dir') fail('EISDIR');
      this.#disk.removeName('unlink', slot.dir, slot.name, node);
    });
  }

  mkdir(path: string, options?: MkdirOptions): Promise<string | undefined> {
    const recursive = options?.recursive === true;
    return this.#gate.step('mkdir', path, recursive ? 'recursive' : '', () => (recursive ? mkdirRecursive(this.#disk, path) : mkdirOne(this.#disk, path)));
  }

  rmdir(path: string): Promise<void> {
    return this.#gate.step('rmdir', path, '', () => {
      const fail: Fail = failWith('rmdir', path);
      const slot = lookupSlot(this.#disk.root, path, 'rmdir', fail);
      // Linux answers EBUSY for `/`, a code outside the contract's set: EPERM says the same here.
      if (slot === undefined) fail('EPERM');
      const node = slot.node;
      if (node === undefined) fail('ENOENT');
      if (node.kind === 'file') fail('ENOTDIR');
      if (node.entries.size > 0) fail('ENOTEMPTY');
      this.#disk.removeName('rmdir', slot.dir, slot.name, node);
    });
  }

  readdir(path: string): Promise<string[]> {
    return this.#gate.step('readdir', path, '', () => {
      const fail: Fail = failWith('scandir', path);
      const node = lookup(this.#disk.root, path, 'scandir', fail);
      if (node.kind === 'file') fail('ENOTDIR');
      const names = [...node.entries.keys()];
      if (this.#readdirRng !== undefined) return this.#readdirRng.shuffle(names);
      if (this.#resolved.readdirOrder === 'sorted') names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return names;
    }, (names) => `ok ${names.length}`);
  }

  stat(path: string): Promise<FileStats> {
    return this.#gate.step('stat', path, '', () => statsOf(lookup(this.#disk.root, path, 'stat', failWith('stat', path))));
  }

  readFile(path: string): Promise<Uint8Array> {
    return this.#gate.step('readFile', path, '', () => {
      const node = lookup(this.#disk.root, path, 'open', failWith('open', path));
      if (node.kind === 'dir') throw simError('EISDIR', 'read', path);
      this.#rot('readFile', path, node, 0, node.data.size);
      const injected = this.#fault('readFile', path, 0);
      if (injected !== undefined) throw simError(injected, 'read', path);
      return node.data.copy();
    }, (data) => `ok ${data.length}`);
  }

  writeFile(path: string, data: Uint8Array | string, options?: WriteFileOptions): Promise<void> {
    const flag = options?.flag ?? 'w';
    return this.#gate.step('writeFile', path, `flag=${String(flag)} len=${String(data?.length)}`, () => {
      const semantics = flagSemantics(flag, 'writeFile');
      const bytes = typeof data === 'string' ? encoder.encode(data) : data;
      if (!(bytes instanceof Uint8Array)) throw new TypeError('SimFs writeFile: data must be a string or a Uint8Array');
      this.#writeFileFault(path, semantics, bytes.length);
      const node = openNode(this.#disk, path, semantics, 'open');
      if (node.kind === 'dir' || !semantics.writable) throw simError('EBADF', 'write', path);
      const at = semantics.append ? node.data.size : 0;
      if (at + bytes.length > FILE_SIZE_BYTES_MAX) throw simError('ENOSPC', 'write', path);
      this.#disk.write(node, at, bytes);
    });
  }

  // ---- Crashes ------------------------------------------------------------------------------

  /**
   * Draws one legal post-crash state and returns a new disk holding it (built with `options.next`).
   * This disk dies: every later call, and every call in flight, rejects with SimulatedCrashError.
   */
  crash(options: CrashOptions = {}): SimFs {
    const next = this.crashClone(options);
    this.#gate.trace.mark(`crash profile=${options.profile ?? 'posix'} seed=${options.seed ?? 0}`);
    this.#gate.kill();
    return next;
  }

  /** As `crash()`, but this disk stays alive (for post-crash images at several points of one run). */
  crashClone(options: CrashOptions = {}): SimFs {
    const profile = resolveProfile(options.profile, 'SimFs.crash');
    const seed = resolveCrashSeed(options.seed, 'SimFs.crash');
    const nextOptions = options.next ?? {};
    resolveSimFsOptions(nextOptions, 'SimFs.crash: next');
    // No trace mark here: a clone is an observation, and taking one must not change the run's
    // fingerprint (the runner takes several and keeps one). crash() marks the trace itself.
    const rng = new RngStreams(seed).stream('crash');
    const disk = this.#disk;
    const state = randomCrashState(disk.durableView, disk.pendingOps(), disk, profile, rng, this.#resolved.sectorSizeBytes);
    return SimFs.#withDisk(state, nextOptions, options.explain === true ? this.#storyOf(state) : []);
  }

  /**
   * Remembers what a crash now could leave, for `crashCloneAt` to build later: much cheaper than
   * `crashClone` when most points considered are never used (see CrashPoint). Not a step.
   */
  crashPoint(): CrashPoint {
    return this.#disk.crashPoint();
  }

  /**
   * The disk `crashClone` would have returned at the moment `point` was taken, with the same
   * options. No crash story: a story names files by the paths the disk shows, which may have
   * changed since; take a `crashClone` at the moment itself for one.
   */
  crashCloneAt(point: CrashPoint, options: Omit<CrashOptions, 'explain'> = {}): SimFs {
    if (point.root !== this.#disk.root) throw new RangeError('SimFs.crashCloneAt: the point was taken on another disk');
    const profile = resolveProfile(options.profile, 'SimFs.crashCloneAt');
    const seed = resolveCrashSeed(options.seed, 'SimFs.crashCloneAt');
    const nextOptions = options.next ?? {};
    resolveSimFsOptions(nextOptions, 'SimFs.crashCloneAt: next');
    const rng = new RngStreams(seed).stream('crash');
    const state = randomCrashState(point, point.ops, point, profile, rng, this.#resolved.sectorSizeBytes);
    return SimFs.#withDisk(state, nextOptions);
  }

  /**
   * Every legal post-crash state for the profile, deduplicated by visible tree (what imageDigest
   * hashes), at most `maxStates`; `truncated` says whether states may have been left out.
   */
  crashStates(options: CrashStatesOptions = {}): { states: SimFs[]; truncated: boolean } {
    const profile = resolveProfile(options.profile, 'SimFs.crashStates');
    const maxStates = resolveMaxStates(options.maxStates, 'SimFs.crashStates');
    const nextOptions = options.next ?? {};
    resolveSimFsOptions(nextOptions, 'SimFs.crashStates: next');
    const explored = exploreCrashStates(this.#disk, profile, this.#resolved.sectorSizeBytes, maxStates);
    const states = explored.states.map((disk) => SimFs.#withDisk(disk, nextOptions, options.explain === true ? this.#storyOf(disk) : []));
    return { states, truncated: explored.truncated };
  }

  /** What is not yet durable, one readable line per operation, in seq order. */
  pendingOperations(): string[] {
    return describePending(this.#disk);
  }

  /** A stable hash of the visible tree (paths, kinds, contents). */
  imageDigest(): string {
    return digestOf(this.#disk);
  }

  /**
   * Every visible file once, with all its names (hard links share one entry), in path order.
   * Not a step: for fault injection and tests, which must see a file with two names as one file.
   */
  visibleFiles(): Array<{ readonly paths: string[]; readonly sizeBytes: number }> {
    return visibleFiles(this.#disk.root);
  }

  /** The visible tree as plain data (hard links flattened into copies). */
  toImage(): DiskImage {
    return toImage(this.#disk);
  }

  /** The options this disk was built with (the runner passes them on to post-crash disks). */
  get options(): SimFsOptions {
    return this.#options;
  }

  // ---- Effects (the seam fault injection will wrap) -------------------------------------------

  /** What handles call for effects fault injection changes (EIO on fsync, on read, ENOSPC). */
  readonly #effects: HandleEffects = {
    syncNode: (node, path, call) => this.#syncNode(node, path, call),
    fault: (call, path, growthBytes) => this.#fault(call, path, growthBytes),
    rot: (call, path, node, offsetBytes, lengthBytes) => this.#rot(call, path, node, offsetBytes, lengthBytes),
  };

  /**
   * fsync: a file's data and size become durable; a directory's entries become durable. An
   * injected EIO on a file drops its dirty data unwritten (Linux's writeback error semantics); on
   * a directory it persists nothing, leaving its name operations pending (kept or lost by a crash).
   */
  #syncNode(node: Inode, path: string, call: 'sync' | 'datasync'): void {
    const injected = this.#fault(call, path, 0);
    if (injected !== undefined) {
      if (node.kind === 'file') this.#disk.dropPendingData(node);
      throw simError(injected, call === 'sync' ? 'fsync' : 'fdatasync', path);
    }
    if (node.kind === 'file') this.#disk.syncFile(node, call, this.#resolved.sectorSizeBytes);
    else this.#disk.syncDir(node);
  }

  #fault(call: FaultableCall, path: string, growthBytes: number): InjectedCode | undefined {
    const faults = this.#faults;
    if (faults === undefined) return undefined;
    // The trace's count is the seq this call is recorded with, the step stamp histories use.
    return faults.inject({ seq: this.#gate.trace.count, call, path, growthBytes, usedBytes: () => this.#disk.visibleFileBytes() });
  }

  /**
   * Rot: bits of a file at rest (no unsynced change: what a read returns comes from the medium)
   * that the fault injector says rotted, flipped before the read returns them. A file with
   * unsynced changes is served from memory, where the medium's rot does not show.
   */
  #rot(call: 'read' | 'readFile', path: string, node: FileNode, offsetBytes: number, lengthBytes: number): void {
    const faults = this.#faults;
    if (faults?.rot === undefined || node.pending.length > 0) return;
    const end = Math.min(node.data.size, offsetBytes + lengthBytes);
    if (end <= offsetBytes) return;
    const range = { offsetBytes, lengthBytes: end - offsetBytes };
    const bits = faults.rot({ seq: this.#gate.trace.count, call, path, growthBytes: 0, usedBytes: () => this.#disk.visibleFileBytes(), range });
    if (bits.length > 0) flipNodeBits(node, path, bits);
  }

  // ---- Corruption (sim/faults bit flips; not part of the FileSystem contract) ---------------

  /**
   * Flips the given bits (bit i is bit i % 8 of byte i >> 3) of the file at `path`, in its visible
   * and its durable data alike: the medium itself is damaged. Not a step and not traced (the
   * caller records what it did). Throws RangeError for a bit beyond the file or a path that is
   * not a file.
   */
  flipBits(path: string, bitOffsets: readonly number[]): void {
    flipFileBits(this.#disk, path, bitOffsets);
  }

  // ---- Helpers ----------------------------------------------------------------------------

  /**
   * Asks about a fault before writeFile touches anything, so a failed writeFile changes nothing
   * (not even the create or the truncate its open would do). The growth is what the whole call adds.
   */
  #writeFileFault(path: string, semantics: OpenFlagSemantics, lengthBytes: number): void {
    if (this.#faults === undefined) return;
    const growthBytes = writeFileGrowth(this.#disk, path, semantics, lengthBytes);
    if (growthBytes === null) return;
    const injected = this.#fault('writeFile', path, growthBytes);
    if (injected !== undefined) throw simError(injected, 'write', path);
  }

}
