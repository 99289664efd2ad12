import { BIT_KINDS, FAULT_KINDS, FaultPlan, faultRule } from './plan.js';
import type { FaultKind, FaultRule } from './plan.js';
import { FAULT_PHASES, OP_KINDS, PATTERN_STOP, always, and, capacity, not, onIndex, opKind, or, pathIs, pathMatch, phase, randomly } from './predicate.js';
import type { FaultPhase, Predicate } from './predicate.js';

/**
 * The `--faults` syntax (see index.ts for the user's guide). Grammar, whitespace allowed between
 * tokens:
 *
 *   spec      := '' | rule ((';' | ',') rule)* [';' | ',']
 *   rule      := kind ['(' integer ')'] [':' or]          kind: eio-sync | eio-read | enospc | bitflip | rot
 *   or        := and ('|' and)*
 *   and       := unary ('&' unary)*
 *   unary     := '!' unary | '(' or ')' | call
 *   call      := always() | onIndex(n) | pathMatch(pattern) | pathIs(pattern) | opKind(name, ...) | randomly(p)
 *              | capacity(bytes) | phase(workload | recovery) | and(or, ...) | or(or, ...) | not(or)
 *   pattern   := "json string" | bare characters other than whitespace, ( ) , "
 *
 * A `,` between rules and a `,` between arguments never clash: arguments live inside parentheses.
 */

/** A malformed spec: names the spec, the position (0-based `position`, 1-based column) and the rule. */
export class FaultSpecError extends Error {
  override readonly name = 'FaultSpecError';
  readonly spec: string;
  readonly position: number;
  readonly rule: string;

  constructor(spec: string, position: number, rule: string) {
    super(`bad fault spec ${JSON.stringify(spec)} at column ${position + 1}: ${rule}\n  ${spec}\n  ${' '.repeat(position)}^`);
    this.spec = spec;
    this.position = position;
    this.rule = rule;
  }
}

class Parser {
  readonly #text: string;
  #at = 0;

  constructor(text: string) {
    this.#text = text;
  }

  parse(): FaultPlan {
    const rules: FaultRule[] = [];
    this.#skipSpace();
    while (!this.#atEnd()) {
      rules.push(this.#rule());
      this.#skipSpace();
      if (this.#atEnd()) break;
      if (!this.#eat(';') && !this.#eat(',')) this.#fail("expected ';' or ',' between faults, or the end of the spec");
      this.#skipSpace();
    }
    return new FaultPlan(rules);
  }

  #rule(): FaultRule {
    const start = this.#at;
    const word = this.#word(/[a-z-]/);
    const kind = FAULT_KINDS.find((k) => k === word);
    if (kind === undefined) this.#fail(`a fault is one of ${FAULT_KINDS.join(', ')}, got ${JSON.stringify(word)}`, start);
    let bits: number | undefined;
    this.#skipSpace();
    if (this.#peek() === '(') {
      const argAt = this.#at + 1;
      if (!BIT_KINDS.includes(kind)) this.#fail(`only bitflip and rot take an argument (their bit count); ${kind} takes none`);
      this.#expect('(');
      bits = this.#integer(`${kind}(bits) needs a whole number of bits`);
      this.#expect(')');
      this.#guard(() => faultRule(kind, always(), bits), argAt);
    }
    this.#skipSpace();
    let when: Predicate = always();
    if (this.#eat(':')) when = this.#or();
    return this.#guard(() => faultRule(kind as FaultKind, when, bits), start);
  }

  #or(): Predicate {
    const operands = [this.#and()];
    for (this.#skipSpace(); this.#eat('|'); this.#skipSpace()) operands.push(this.#and());
    return or(...operands);
  }

  #and(): Predicate {
    const operands = [this.#unary()];
    for (this.#skipSpace(); this.#eat('&'); this.#skipSpace()) operands.push(this.#unary());
    return and(...operands);
  }

  #unary(): Predicate {
    this.#skipSpace();
    if (this.#eat('!')) return not(this.#unary());
    if (this.#eat('(')) {
      const inner = this.#or();
      this.#expect(')');
      return inner;
    }
    return this.#call();
  }

  #call(): Predicate {
    const start = this.#at;
    const name = this.#word(/[A-Za-z]/);
    if (name === '') this.#fail("expected a predicate such as randomly(0.1), pathMatch(*.log), onIndex(3), '!' or '('");
    this.#expect('(');
    const predicate = this.#arguments(name, start);
    this.#skipSpace();
    this.#expect(')');
    return predicate;
  }

  /** The predicate `name(...)`, reading its arguments (the parentheses are the caller's). */
  #arguments(name: string, start: number): Predicate {
    const argAt = this.#at;
    switch (name) {
      case 'always':
        return always();
      case 'onIndex': {
        const index = this.#integer('onIndex(n) needs a whole number n >= 0 (the n-th matching operation, from 0)');
        return this.#guard(() => onIndex(index), argAt);
      }
      case 'capacity': {
        const bytes = this.#integer('capacity(bytes) needs a whole number of bytes');
        return this.#guard(() => capacity(bytes), argAt);
      }
      case 'randomly': {
        const p = this.#number('randomly(p) needs a probability from 0 to 1');
        return this.#guard(() => randomly(p), argAt);
      }
      case 'pathMatch':
        return pathMatch(this.#pattern('pathMatch(pattern)'));
      case 'pathIs':
        return pathIs(this.#pattern('pathIs(path)'));
      case 'opKind':
        return opKind(...this.#list(() => this.#opKindName()));
      case 'phase':
        return phase(this.#phaseName());
      case 'and':
        return and(...this.#list(() => this.#or()));
      case 'or':
        return or(...this.#list(() => this.#or()));
      case 'not':
        return not(this.#or());
      default:
        return this.#fail(`unknown predicate ${JSON.stringify(name)}; use always, onIndex, pathMatch, pathIs, opKind, randomly, capacity, phase, and, or, not`, start);
    }
  }

  #opKindName(): string {
    const kindAt = this.#at;
    const kind = this.#word(/[A-Za-z]/);
    if (!OP_KINDS.includes(kind)) this.#fail(`opKind takes call names among ${OP_KINDS.join(', ')}, got ${JSON.stringify(kind)}`, kindAt);
    return kind;
  }

  #phaseName(): FaultPhase {
    this.#skipSpace();
    const phaseAt = this.#at;
    const name = this.#word(/[a-z]/);
    const known = FAULT_PHASES.find((candidate) => candidate === name);
    return known ?? this.#fail(`phase takes ${FAULT_PHASES.join(' or ')}, got ${JSON.stringify(name)}`, phaseAt);
  }

  #list<T>(item: () => T): T[] {
    this.#skipSpace();
    const items = [item()];
    for (this.#skipSpace(); this.#eat(','); this.#skipSpace()) {
      this.#skipSpace();
      items.push(item());
    }
    return items;
  }

  #pattern(call: string): string {
    this.#skipSpace();
    if (this.#peek() === '"') {
      const start = this.#at;
      const match = /^"(?:[^"\\]|\\.)*"/.exec(this.#text.slice(this.#at));
      if (match === null) this.#fail('an unterminated quoted pattern', start);
      this.#at += match[0].length;
      try {
        return JSON.parse(match[0]) as string;
      } catch {
        this.#fail('a quoted pattern must be a JSON string', start);
      }
    }
    let end = this.#at;
    while (end < this.#text.length && !PATTERN_STOP.test(this.#text[end] as string)) end++;
    if (end === this.#at) this.#fail(`${call} needs a pattern (quote it to use spaces, parentheses, commas or an empty one)`);
    const pattern = this.#text.slice(this.#at, end);
    this.#at = end;
    return pattern;
  }

  #integer(rule: string): number {
    this.#skipSpace();
    const start = this.#at;
    const digits = this.#word(/[0-9]/);
    const value = Number(digits);
    if (digits === '' || !Number.isSafeInteger(value)) this.#fail(rule, start);
    return value;
  }

  #number(rule: string): number {
    this.#skipSpace();
    const start = this.#at;
    const match = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/.exec(this.#text.slice(this.#at));
    if (match === null) this.#fail(rule, start);
    this.#at += match[0].length;
    return Number(match[0]);
  }

  /** Runs a constructor, turning its RangeError into a FaultSpecError at `position`. */
  #guard<T>(build: () => T, position: number): T {
    try {
      return build();
    } catch (error) {
      if (error instanceof RangeError) this.#fail(error.message, position);
      throw error;
    }
  }

  #word(chars: RegExp): string {
    const start = this.#at;
    while (this.#at < this.#text.length && chars.test(this.#text[this.#at] as string)) this.#at++;
    return this.#text.slice(start, this.#at);
  }

  #skipSpace(): void {
    while (this.#at < this.#text.length && /\s/.test(this.#text[this.#at] as string)) this.#at++;
  }

  #peek(): string | undefined {
    return this.#text[this.#at];
  }

  #atEnd(): boolean {
    return this.#at >= this.#text.length;
  }

  #eat(char: string): boolean {
    if (this.#text[this.#at] !== char) return false;
    this.#at++;
    return true;
  }

  #expect(char: string): void {
    this.#skipSpace();
    if (!this.#eat(char)) this.#fail(`expected '${char}'${this.#atEnd() ? ', the spec ended' : `, got '${this.#peek()}'`}`);
  }

  #fail(rule: string, position: number = this.#at): never {
    throw new FaultSpecError(this.#text, position, rule);
  }
}

/**
 * Parses a `--faults` spec into a plan. Throws FaultSpecError naming the spec, the position and
 * the rule broken. `parseFaultSpec(plan.toString())` gives back an equal plan, and printing is
 * canonical: `parseFaultSpec(s).toString()` is `s` for any printed `s`.
 */
export function parseFaultSpec(text: string): FaultPlan {
  if (typeof text !== 'string') throw new TypeError(`parseFaultSpec: the spec must be a string, got ${typeof text}`);
  return new Parser(text).parse();
}
