import type { Rng } from '../rng.js';
import { always, isAlways } from './predicate.js';
import type { FaultPhase, LiveTest, Predicate } from './predicate.js';

/**
 * A fault plan: the faults of one run, each a kind and a predicate choosing what it hits. It is a
 * description (printable, comparable by its text); `FaultInjector` and `applyBitflips` run it.
 */

export type FaultKind = 'eio-sync' | 'eio-read' | 'enospc' | 'bitflip' | 'rot';

export const FAULT_KINDS: readonly FaultKind[] = ['eio-sync', 'eio-read', 'enospc', 'bitflip', 'rot'];

/** The kinds that take a bit count, `kind(bits)`: they flip bits in durable data. */
export const BIT_KINDS: readonly FaultKind[] = ['bitflip', 'rot'];

/** The calls each kind is asked about; its predicate only ever sees these. */
export const CALLS_OF_KIND: Readonly<Record<FaultKind, readonly string[]>> = {
  'eio-sync': ['sync', 'datasync'],
  'eio-read': ['read', 'readFile'],
  // Only calls that grow the visible data: a full disk still lets a file be overwritten in place.
  enospc: ['write', 'writeFile', 'truncate'],
  bitflip: ['crash'],
  // Asked before a read returns bytes of a file at rest (see DiskFaults.rot).
  rot: ['read', 'readFile'],
};

/** Bits flipped per file a bitflip (or read rot hits), when the spec does not say: 1. */
export const BITFLIP_BITS_DEFAULT = 1;
/** A limit on everything: more bits than this per file is a typo, not a test. */
export const BITFLIP_BITS_MAX = 64;

export interface FaultRule {
  readonly kind: FaultKind;
  readonly when: Predicate;
  /** For bitflip and rot: bits flipped in each file (bitflip) or read (rot) it hits (distinct bits). */
  readonly bits: number;
}

/** Builds one rule; `when` defaults to always(). Throws RangeError naming the rule broken. */
export function faultRule(kind: FaultKind, when: Predicate = always(), bits: number = BITFLIP_BITS_DEFAULT): FaultRule {
  if (!FAULT_KINDS.includes(kind)) throw new RangeError(`faultRule: the kind must be one of ${FAULT_KINDS.join(', ')}, got ${String(kind)}`);
  if (!BIT_KINDS.includes(kind) && bits !== BITFLIP_BITS_DEFAULT) throw new RangeError(`faultRule: only bitflip and rot take a bit count, ${kind} got ${bits}`);
  if (kind === 'bitflip' && when.namesPhase) throw new RangeError('faultRule: bitflip flips bits at the crash, between the phases: phase(...) does not apply to it');
  if (!Number.isSafeInteger(bits) || bits < 1 || bits > BITFLIP_BITS_MAX) {
    throw new RangeError(`faultRule: ${kind}'s bit count must be an integer from 1 to ${BITFLIP_BITS_MAX}, got ${String(bits)}`);
  }
  return { kind, when, bits };
}

export function printRule(rule: FaultRule): string {
  const head = rule.bits === BITFLIP_BITS_DEFAULT ? rule.kind : `${rule.kind}(${rule.bits})`;
  return isAlways(rule.when) ? head : `${head}:${rule.when.toString()}`;
}

/** A rule made live for one execution: its predicate compiled with fresh state. */
export interface LiveRule {
  readonly rule: FaultRule;
  readonly calls: ReadonlySet<string>;
  readonly test: LiveTest;
}

export class FaultPlan {
  readonly rules: readonly FaultRule[];

  constructor(rules: readonly FaultRule[] = []) {
    this.rules = rules;
  }

  /** No faults at all (the default): the runner then leaves the disk untouched. */
  get isEmpty(): boolean {
    return this.rules.length === 0;
  }

  /** Whether any rule flips bits at crashes. */
  get hasBitflips(): boolean {
    return this.rules.some((rule) => rule.kind === 'bitflip');
  }

  /** Whether any rule fails calls while the workload runs. */
  get hasCallFaults(): boolean {
    return this.rules.some((rule) => rule.kind !== 'bitflip');
  }

  /** Whether any rule may fail calls while the store recovers (it names a phase: see `phase`). */
  get hasRecoveryFaults(): boolean {
    return this.rules.some((rule) => rule.kind !== 'bitflip' && rule.when.namesPhase);
  }

  /** The plan in the syntax parseFaultSpec reads: rules separated by `;`, `''` when empty. */
  toString(): string {
    return this.rules.map(printRule).join(';');
  }

  /**
   * Live rules of the given kinds for calls of `phase`, in plan order, all drawing from `rng`.
   * During recovery only rules that name a phase take part (the others hit the workload only).
   */
  compile(rng: Rng, kinds: readonly FaultKind[], phase: FaultPhase = 'workload'): LiveRule[] {
    return this.rules
      .filter((rule) => kinds.includes(rule.kind) && (phase === 'workload' || rule.when.namesPhase))
      .map((rule) => ({ rule, calls: new Set(CALLS_OF_KIND[rule.kind]), test: rule.when.compile(rng, phase) }));
  }
}
