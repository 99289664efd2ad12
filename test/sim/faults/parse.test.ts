import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FaultPlan,
  FaultSpecError,
  always,
  and,
  capacity,
  faultRule,
  not,
  onIndex,
  opKind,
  or,
  parseFaultSpec,
  pathIs,
  pathMatch,
  phase,
  randomly,
} from '../../../sim/faults/index.js';
import type { Predicate } from '../../../sim/faults/index.js';

describe('parseFaultSpec and FaultPlan.toString', () => {
  it.each([
    ['', ''],
    ['eio-sync', 'eio-sync'],
    ['eio-sync:always()', 'eio-sync'],
    ['eio-sync:randomly(0.05)', 'eio-sync:randomly(0.05)'],
    ['enospc:capacity(65536)', 'enospc:capacity(65536)'],
    ['eio-read:pathMatch(*.log)&randomly(0.1)', 'eio-read:pathMatch(*.log)&randomly(0.1)'],
    ['bitflip:randomly(0.5)', 'bitflip:randomly(0.5)'],
    ['bitflip(1)', 'bitflip'],
    ['bitflip(3):pathMatch(/data/**)', 'bitflip(3):pathMatch(/data/**)'],
    [' eio-sync : randomly( 0.050 ) , enospc:capacity(10) ; ', 'eio-sync:randomly(0.05);enospc:capacity(10)'],
    ['eio-sync:and(opKind(sync),onIndex(2))', 'eio-sync:opKind(sync)&onIndex(2)'],
    ['eio-sync:or(pathMatch(a),pathMatch(b))&onIndex(0)', 'eio-sync:(pathMatch(a)|pathMatch(b))&onIndex(0)'],
    ['eio-sync:pathMatch(a) | pathMatch(b) & onIndex(0)', 'eio-sync:pathMatch(a)|pathMatch(b)&onIndex(0)'],
    ['eio-sync:not(pathMatch(x)&onIndex(1))', 'eio-sync:!(pathMatch(x)&onIndex(1))'],
    ['eio-sync:!!onIndex(1)', 'eio-sync:!!onIndex(1)'],
    ['eio-read:pathMatch("with space")', 'eio-read:pathMatch("with space")'],
    ['eio-read:pathMatch("")', 'eio-read:pathMatch("")'],
    ['eio-read:opKind(read, readFile)', 'eio-read:opKind(read,readFile)'],
    ['eio-read:phase( recovery )&randomly(0.2)', 'eio-read:phase(recovery)&randomly(0.2)'],
    ['eio-sync:opKind(sync)&pathIs(/data/d0/.tmp-0-0)&onIndex(0)', 'eio-sync:opKind(sync)&pathIs(/data/d0/.tmp-0-0)&onIndex(0)'],
    ['eio-read:pathIs("/a b/(c)")', 'eio-read:pathIs("/a b/(c)")'],
    ['eio-sync:phase(workload)|phase(recovery)', 'eio-sync:phase(workload)|phase(recovery)'],
    ['rot', 'rot'],
    ['rot(1):randomly(0.1)', 'rot:randomly(0.1)'],
    ['rot(2):phase(recovery)&opKind(read)&randomly(0.3)', 'rot(2):phase(recovery)&opKind(read)&randomly(0.3)'],
  ])('%j prints as %j, and that text parses back to itself', (input, printed) => {
    expect(parseFaultSpec(input).toString()).toBe(printed);
    expect(parseFaultSpec(printed).toString()).toBe(printed);
  });

  it('prints plans built in code in the syntax it parses', () => {
    const plan = new FaultPlan([
      faultRule('eio-sync', and(pathMatch('.tmp-'), randomly(0.2))),
      faultRule('enospc', capacity(4096)),
      faultRule('bitflip', or(pathMatch('*.seg'), not(onIndex(0))), 2),
    ]);
    expect(plan.toString()).toBe('eio-sync:pathMatch(.tmp-)&randomly(0.2);enospc:capacity(4096);bitflip(2):pathMatch(*.seg)|!onIndex(0)');
    expect(parseFaultSpec(plan.toString()).toString()).toBe(plan.toString());
  });

  it('round-trips any predicate (property)', () => {
    const leaf: fc.Arbitrary<Predicate> = fc.oneof(
      fc.constant(always()),
      fc.nat({ max: 1000 }).map(onIndex),
      fc.double({ min: 0, max: 1, noNaN: true }).map(randomly),
      fc.nat({ max: 1 << 30 }).map(capacity),
      fc.string({ maxLength: 8 }).filter((s) => !s.includes('\0')).map(pathMatch),
      fc.string({ maxLength: 8 }).filter((s) => !s.includes('\0')).map(pathIs),
      fc.subarray(['sync', 'read', 'write', 'crash'], { minLength: 1 }).map((kinds) => opKind(...kinds)),
      fc.constantFrom(phase('workload'), phase('recovery')),
    );
    const tree = fc.letrec<{ node: Predicate }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((ps) => and(...ps)),
        fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((ps) => or(...ps)),
        tie('node').map(not),
      ),
    })).node;
    fc.assert(
      fc.property(tree, fc.constantFrom('eio-sync', 'eio-read', 'enospc', 'bitflip'), (predicate, chosen) => {
        // Bit flips happen at the crash and take no phase (a rule naming one is refused).
        const kind = predicate.namesPhase && chosen === 'bitflip' ? 'eio-read' : chosen;
        const printed = new FaultPlan([faultRule(kind, predicate)]).toString();
        expect(parseFaultSpec(printed).toString()).toBe(printed);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe('malformed specs', () => {
  function errorOf(spec: string): FaultSpecError {
    try {
      parseFaultSpec(spec);
    } catch (error) {
      if (error instanceof FaultSpecError) return error;
      throw error;
    }
    throw new Error(`parseFaultSpec(${JSON.stringify(spec)}) did not throw`);
  }

  it.each([
    ['eio-write', 0, /a fault is one of eio-sync, eio-read, enospc, bitflip/],
    ['eio-sync:randomly(2)', 18, /probability must be a number from 0 to 1/],
    ['eio-sync:randomly()', 18, /randomly\(p\) needs a probability/],
    ['eio-sync:onIndex(-1)', 17, /onIndex\(n\) needs a whole number/],
    ['eio-sync:sometimes(1)', 9, /unknown predicate "sometimes"/],
    ['eio-sync:randomly(0.1', 21, /expected '\)', the spec ended/],
    ['eio-sync:randomly(0.1) enospc', 23, /expected ';' or ','/],
    ['enospc(3)', 6, /only bitflip and rot take an argument/],
    ['bitflip(0)', 8, /bit count must be an integer from 1 to 64/],
    ['eio-read:opKind(fsync)', 16, /opKind takes call names among/],
    ['eio-read:pathMatch()', 19, /pathMatch\(pattern\) needs a pattern/],
    ['eio-read:pathIs()', 16, /pathIs\(path\) needs a pattern/],
    ['eio-read:pathMatch("open)', 19, /unterminated quoted pattern/],
    ['eio-sync:', 9, /expected a predicate/],
    ['eio-sync:&onIndex(1)', 9, /expected a predicate/],
    ['eio-read:phase(crash)', 15, /phase takes workload or recovery, got "crash"/],
    ['bitflip:phase(recovery)', 0, /bitflip flips bits at the crash, between the phases/],
  ])('%j fails at position %i: %s', (spec, position, rule) => {
    const error = errorOf(spec);
    expect(error.spec).toBe(spec);
    expect(error.position).toBe(position);
    expect(error.rule).toMatch(rule);
    // The message alone says everything: the spec, where, and what rule was broken.
    expect(error.message).toContain(JSON.stringify(spec));
    expect(error.message).toContain(`column ${position + 1}`);
    expect(error.message).toMatch(rule);
  });

  it('rejects bad arguments of the constructors with the rule broken', () => {
    expect(() => randomly(1.5)).toThrow(/randomly: the probability must be a number from 0 to 1, got 1.5/);
    expect(() => onIndex(0.5)).toThrow(/onIndex: the index must be an integer/);
    expect(() => opKind('fsync')).toThrow(/opKind: a call must be one of/);
    expect(() => faultRule('eio-sync', always(), 2)).toThrow(/only bitflip and rot take a bit count/);
    expect(() => phase('startup' as 'recovery')).toThrow(/phase: the phase must be one of workload, recovery, got startup/);
    expect(() => faultRule('bitflip', not(phase('workload')))).toThrow(/phase\(\.\.\.\) does not apply/);
  });
});
