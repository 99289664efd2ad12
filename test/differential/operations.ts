import fc from 'fast-check';
import type { OpenFlags } from '../../src/fs/types.js';

/**
 * The operations of the differential tests, as plain data so fast-check can print and shrink
 * them. Paths are relative to the backend's root and drawn from a tiny space (three directories
 * that can themselves be created, removed and renamed, times three names) so that collisions,
 * type clashes and errors are frequent.
 */

export type Operation =
  | { readonly op: 'mkdir'; readonly path: string; readonly recursive: boolean }
  | { readonly op: 'rmdir'; readonly path: string }
  | { readonly op: 'unlink'; readonly path: string }
  | { readonly op: 'rename'; readonly from: string; readonly to: string }
  | { readonly op: 'link'; readonly from: string; readonly to: string }
  | { readonly op: 'readdir'; readonly path: string }
  | { readonly op: 'stat'; readonly path: string }
  | { readonly op: 'readFile'; readonly path: string }
  | { readonly op: 'writeFile'; readonly path: string; readonly data: string; readonly flag: 'w' | 'wx' | 'a' }
  | { readonly op: 'open'; readonly path: string; readonly flags: OpenFlags }
  /** `slot` picks an opened handle (modulo how many were opened; closed ones stay in place). */
  | { readonly op: 'handle.write'; readonly slot: number; readonly data: string; readonly position: number | null }
  | { readonly op: 'handle.read'; readonly slot: number; readonly length: number; readonly position: number | null }
  | { readonly op: 'handle.truncate'; readonly slot: number; readonly length: number }
  | { readonly op: 'handle.sync'; readonly slot: number }
  | { readonly op: 'handle.datasync'; readonly slot: number }
  | { readonly op: 'handle.stat'; readonly slot: number }
  | { readonly op: 'handle.close'; readonly slot: number };

const DIRECTORIES = ['', '/a', '/b'] as const;
const NAMES = ['a', 'b', 'x'] as const;
const OPEN_FLAGS: readonly OpenFlags[] = ['r', 'r+', 'w', 'wx', 'w+', 'wx+', 'a', 'ax', 'a+'];

/** `/a`, `/b`, `/x`, `/a/a`, `/a/b`, `/a/x`, ...: nine names, three of which may be directories. */
export const pathArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...DIRECTORIES), fc.constantFrom(...NAMES))
  .map(([directory, name]) => `${directory}/${name}`);

/** A directory to list: the root or any path of the space. */
const listedArb: fc.Arbitrary<string> = fc.oneof(fc.constant(''), pathArb);

const dataArb = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'é'), maxLength: 6 });
const positionArb = fc.option(fc.nat({ max: 10 }), { nil: null });
const slotArb = fc.nat({ max: 2 });

export const operationArb: fc.Arbitrary<Operation> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('mkdir' as const), path: pathArb, recursive: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('rmdir' as const), path: pathArb }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('unlink' as const), path: pathArb }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('rename' as const), from: pathArb, to: pathArb }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('link' as const), from: pathArb, to: pathArb }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('readdir' as const), path: listedArb }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('stat' as const), path: pathArb }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('readFile' as const), path: pathArb }), weight: 1 },
  {
    arbitrary: fc.record({ op: fc.constant('writeFile' as const), path: pathArb, data: dataArb, flag: fc.constantFrom('w' as const, 'wx' as const, 'a' as const) }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('open' as const), path: pathArb, flags: fc.constantFrom(...OPEN_FLAGS) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('handle.write' as const), slot: slotArb, data: dataArb, position: positionArb }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('handle.read' as const), slot: slotArb, length: fc.nat({ max: 8 }), position: positionArb }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('handle.truncate' as const), slot: slotArb, length: fc.nat({ max: 10 }) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('handle.sync' as const), slot: slotArb }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('handle.datasync' as const), slot: slotArb }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('handle.stat' as const), slot: slotArb }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('handle.close' as const), slot: slotArb }), weight: 1 },
);

/** A program: a short random sequence of operations. */
export const programArb: fc.Arbitrary<Operation[]> = fc.array(operationArb, { minLength: 1, maxLength: 40 });
