/**
 * Structural checks for a scenario's `isOperation`: whether a value read back from a report has
 * the shape of one of its operations. Each check takes any value and answers; `guard` turns one
 * into the type predicate a Scenario wants. Extra fields are allowed (they change nothing the
 * scenario does); missing or mistyped ones are not.
 */

export type Check = (value: unknown) => boolean;

export const isString: Check = (value) => typeof value === 'string';
export const isBoolean: Check = (value) => typeof value === 'boolean';
export const isInteger: Check = (value) => Number.isSafeInteger(value);
export const isCount: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 0;
/** A finite number that is not negative. */
export const isNonNegative: Check = (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0;

export function nullable(check: Check): Check {
  return (value) => value === null || check(value);
}

export function oneOf(...choices: readonly unknown[]): Check {
  return (value) => choices.includes(value);
}

export function arrayOf(check: Check): Check {
  return (value) => Array.isArray(value) && value.every((item: unknown) => check(item));
}

/** A plain object whose every named field passes its check. */
export function record(fields: Readonly<Record<string, Check>>): Check {
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const object = value as Record<string, unknown>;
    return Object.entries(fields).every(([name, check]) => Object.hasOwn(object, name) && check(object[name]));
  };
}

/** A union told apart by `kind`: one record shape per kind. */
export function tagged(variants: Readonly<Record<string, Readonly<Record<string, Check>>>>): Check {
  const checks = new Map(Object.entries(variants).map(([kind, fields]) => [kind, record(fields)]));
  return (value) => {
    const kind = typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined;
    const check = typeof kind === 'string' ? checks.get(kind) : undefined;
    return check !== undefined && check(value);
  };
}

/** The type predicate of a check, for `Scenario.isOperation`. */
export function guard<T>(check: Check): (value: unknown) => value is T {
  return (value: unknown): value is T => check(value);
}
