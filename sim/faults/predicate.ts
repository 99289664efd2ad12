import type { Rng } from '../rng.js';
import { compilePathPattern } from './glob.js';

/**
 * Predicates choose which operations a fault hits, in Pebble errorfs's style: small, composable
 * and printable. A predicate is a description (immutable, printable with `toString()` in exactly
 * the syntax `parseFaultSpec` reads); `compile` turns it into a live test with its own state
 * (onIndex's counter) and the run's `faults` stream, so every execution of a run starts afresh
 * and sees the same decisions.
 */

/** What a predicate looks at: one filesystem call about to happen, or one file at a crash. */
export interface FaultSubject {
  /** `sync`, `datasync`, `read`, `readFile`, `write`, `writeFile`, `truncate`, or `crash` (bit flips). */
  readonly call: string;
  readonly path: string;
  /** Bytes of visible data the call would add (0 when it adds none). */
  readonly growthBytes: number;
  /** Bytes of visible file data on the disk now (computed on demand). */
  usedBytes(): number;
}

export type LiveTest = (subject: FaultSubject) => boolean;

/**
 * When a call fault may fire: while the workload runs (the store's open and its clients), or
 * while the store reopens on a post-crash disk and recovers. See `phase`.
 */
export type FaultPhase = 'workload' | 'recovery';

export const FAULT_PHASES: readonly FaultPhase[] = ['workload', 'recovery'];

/** Every call name `opKind` accepts. */
export const OP_KINDS: readonly string[] = ['sync', 'datasync', 'read', 'readFile', 'write', 'writeFile', 'truncate', 'crash'];

/** Binding strength when printed: `|` binds loosest, then `&`, then `!` and calls. */
const PRECEDENCE_OR = 1;
const PRECEDENCE_AND = 2;
const PRECEDENCE_ATOM = 3;

export abstract class Predicate {
  abstract toString(): string;
  /** A fresh live test for calls of `phase`: its own counters, drawing from `rng`. */
  abstract compile(rng: Rng, phase: FaultPhase): LiveTest;
  /** Whether `phase(...)` appears in it: only such rules run during recovery. */
  get namesPhase(): boolean {
    return false;
  }
  /** The same predicate with every `randomly(p)` in it made `randomly(scale(p))` (the shrinker's lever). */
  withProbabilities(_scale: (probability: number) => number): Predicate {
    return this;
  }
  /** Whether `randomly(...)` appears in it. */
  get isRandom(): boolean {
    return false;
  }
  get precedence(): number {
    return PRECEDENCE_ATOM;
  }
  /** Printed as an operand of an operator of strength `outer`: parenthesized when it binds looser. */
  printIn(outer: number): string {
    return this.precedence < outer ? `(${this.toString()})` : this.toString();
  }
}

class Always extends Predicate {
  override toString(): string {
    return 'always()';
  }
  compile(): LiveTest {
    return () => true;
  }
}

class OnIndex extends Predicate {
  constructor(readonly index: number) {
    super();
  }
  override toString(): string {
    return `onIndex(${this.index})`;
  }
  compile(): LiveTest {
    let seen = 0;
    return () => seen++ === this.index;
  }
}

class PathMatch extends Predicate {
  constructor(readonly pattern: string) {
    super();
  }
  override toString(): string {
    return `pathMatch(${printPattern(this.pattern)})`;
  }
  compile(): LiveTest {
    const matches = compilePathPattern(this.pattern);
    return (subject) => matches(subject.path);
  }
}

class PathIs extends Predicate {
  constructor(readonly path: string) {
    super();
  }
  override toString(): string {
    return `pathIs(${printPattern(this.path)})`;
  }
  compile(): LiveTest {
    return (subject) => subject.path === this.path;
  }
}

class OpKind extends Predicate {
  constructor(readonly kinds: readonly string[]) {
    super();
  }
  override toString(): string {
    return `opKind(${this.kinds.join(',')})`;
  }
  compile(): LiveTest {
    const kinds = new Set(this.kinds);
    return (subject) => kinds.has(subject.call);
  }
}

class Randomly extends Predicate {
  constructor(readonly probability: number) {
    super();
  }
  override toString(): string {
    return `randomly(${String(this.probability)})`;
  }
  compile(rng: Rng): LiveTest {
    return () => rng.chance(this.probability);
  }
  override withProbabilities(scale: (probability: number) => number): Predicate {
    return randomly(scale(this.probability));
  }
  override get isRandom(): boolean {
    return true;
  }
}

class Capacity extends Predicate {
  constructor(readonly bytes: number) {
    super();
  }
  override toString(): string {
    return `capacity(${this.bytes})`;
  }
  compile(): LiveTest {
    return (subject) => subject.growthBytes > 0 && subject.usedBytes() + subject.growthBytes > this.bytes;
  }
}

class Phase extends Predicate {
  constructor(readonly phase: FaultPhase) {
    super();
  }
  override toString(): string {
    return `phase(${this.phase})`;
  }
  override get namesPhase(): boolean {
    return true;
  }
  compile(_rng: Rng, phase: FaultPhase): LiveTest {
    const matches = phase === this.phase;
    return () => matches;
  }
}

/** `&` and `|`: operands, an operator and how it folds its operands' tests. */
abstract class Combination extends Predicate {
  constructor(readonly operands: readonly Predicate[]) {
    super();
  }
  protected abstract get operator(): '&' | '|';
  protected abstract rebuild(operands: Predicate[]): Predicate;
  protected abstract fold(tests: readonly LiveTest[]): LiveTest;
  override get precedence(): number {
    return this.operator === '&' ? PRECEDENCE_AND : PRECEDENCE_OR;
  }
  override toString(): string {
    return this.operands.map((p) => p.printIn(this.precedence)).join(this.operator);
  }
  override get namesPhase(): boolean {
    return this.operands.some((p) => p.namesPhase);
  }
  override get isRandom(): boolean {
    return this.operands.some((p) => p.isRandom);
  }
  override withProbabilities(scale: (probability: number) => number): Predicate {
    return this.rebuild(this.operands.map((p) => p.withProbabilities(scale)));
  }
  compile(rng: Rng, phase: FaultPhase): LiveTest {
    return this.fold(this.operands.map((p) => p.compile(rng, phase)));
  }
}

class And extends Combination {
  protected get operator(): '&' {
    return '&';
  }
  protected rebuild(operands: Predicate[]): Predicate {
    return and(...operands);
  }
  protected fold(tests: readonly LiveTest[]): LiveTest {
    // Short-circuit, left to right: `opKind(sync)&onIndex(2)` counts only syncs.
    return (subject) => tests.every((test) => test(subject));
  }
}

class Or extends Combination {
  protected get operator(): '|' {
    return '|';
  }
  protected rebuild(operands: Predicate[]): Predicate {
    return or(...operands);
  }
  protected fold(tests: readonly LiveTest[]): LiveTest {
    return (subject) => tests.some((test) => test(subject));
  }
}

class Not extends Predicate {
  constructor(readonly operand: Predicate) {
    super();
  }
  override toString(): string {
    return `!${this.operand.printIn(PRECEDENCE_ATOM)}`;
  }
  override get namesPhase(): boolean {
    return this.operand.namesPhase;
  }
  override withProbabilities(scale: (probability: number) => number): Predicate {
    return not(this.operand.withProbabilities(scale));
  }
  override get isRandom(): boolean {
    return this.operand.isRandom;
  }
  compile(rng: Rng, phase: FaultPhase): LiveTest {
    const test = this.operand.compile(rng, phase);
    return (subject) => !test(subject);
  }
}

/** Characters that end a bare pattern; a pattern holding one (or empty) is printed quoted. */
export const PATTERN_STOP = /[\s(),"]/;

function printPattern(pattern: string): string {
  return pattern === '' || PATTERN_STOP.test(pattern) ? JSON.stringify(pattern) : pattern;
}

function fail(name: string, rule: string, got: unknown): never {
  throw new RangeError(`${name}: ${rule}, got ${String(got)}`);
}

// ---- The public constructors (what code writes; the parser builds the same objects) ----------

/** Every operation. */
export function always(): Predicate {
  return new Always();
}

/** The `index`-th operation (from 0) that reaches this predicate: inside `and`, after the operands before it. */
export function onIndex(index: number): Predicate {
  if (!Number.isSafeInteger(index) || index < 0) fail('onIndex', 'the index must be an integer >= 0', index);
  return new OnIndex(index);
}

/** Operations on paths matching `pattern` (a substring, or a glob with `*`, `**`, `?`; see glob.ts). */
export function pathMatch(pattern: string): Predicate {
  if (typeof pattern !== 'string' || pattern.includes('\0')) fail('pathMatch', 'the pattern must be a string without NUL', pattern);
  return new PathMatch(pattern);
}

/** Operations on exactly `path` (no substring, no glob): how the shrinker pins a fault to one call. */
export function pathIs(path: string): Predicate {
  if (typeof path !== 'string' || path.includes('\0')) fail('pathIs', 'the path must be a string without NUL', path);
  return new PathIs(path);
}

/** Operations that are one of these calls (see OP_KINDS). */
export function opKind(...kinds: string[]): Predicate {
  if (kinds.length === 0) fail('opKind', 'name at least one call', 'none');
  for (const kind of kinds) if (!OP_KINDS.includes(kind)) fail('opKind', `a call must be one of ${OP_KINDS.join(', ')}`, kind);
  return new OpKind(kinds);
}

/** Each operation independently with probability `probability`, drawn from the run's `faults` stream. */
export function randomly(probability: number): Predicate {
  if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) fail('randomly', 'the probability must be a number from 0 to 1', probability);
  return new Randomly(probability);
}

/** Operations that would take the disk's visible file data beyond `bytes` (for enospc). */
export function capacity(bytes: number): Predicate {
  if (!Number.isSafeInteger(bytes) || bytes < 0) fail('capacity', 'the capacity must be an integer number of bytes >= 0', bytes);
  return new Capacity(bytes);
}

/**
 * Calls made in `phase`. A rule that names a phase anywhere in its predicate also runs while the
 * store recovers on a post-crash disk (the predicate decides where it fires); a rule that names
 * none hits the workload only.
 */
export function phase(name: FaultPhase): Predicate {
  if (!FAULT_PHASES.includes(name)) fail('phase', `the phase must be one of ${FAULT_PHASES.join(', ')}`, name);
  return new Phase(name);
}

export function and(...operands: Predicate[]): Predicate {
  if (operands.length === 0) fail('and', 'give at least one operand', 'none');
  const flat = operands.flatMap((p) => (p instanceof And ? p.operands : [p]));
  return flat.length === 1 ? (flat[0] as Predicate) : new And(flat);
}

export function or(...operands: Predicate[]): Predicate {
  if (operands.length === 0) fail('or', 'give at least one operand', 'none');
  const flat = operands.flatMap((p) => (p instanceof Or ? p.operands : [p]));
  return flat.length === 1 ? (flat[0] as Predicate) : new Or(flat);
}

export function not(operand: Predicate): Predicate {
  return new Not(operand);
}

export function isAlways(predicate: Predicate): boolean {
  return predicate instanceof Always;
}
