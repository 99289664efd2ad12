import { type OperationMix, type Rng, type WorkloadSize, keySpace, mixRoll, pickValueSize } from '../../sim/index.js';
import { dealOperations } from '../support/deal.js';
import { TEXT_SIZES_BYTES, readTextOf, textOf, type ReadText } from '../support/text-values.js';
import { guard, isCount, oneOf, tagged } from '../support/shape.js';

/**
 * Operations and results of the atomic-file scenario: saves of whole files (JSON text from a few
 * bytes to a few KiB, distinct per save) and loads, on a few names. A load records the loaded
 * text's fingerprint, never the text.
 */

/** The System of the contract: what a module's `open(root)` resolves to. */
export interface AtomicFile {
  /** Replaces the whole file `<root>/<name>` with `content` (UTF-8). */
  save(name: string, content: string): Promise<void>;
  /** The whole content of `<root>/<name>`, or undefined when the file does not exist. */
  load(name: string): Promise<string | undefined>;
  close?(): Promise<void>;
}

/** The names saved and loaded: plain file names in the root. */
export const FILE_NAMES: readonly string[] = ['a.json', 'b.json', 'c.json'];

export type AtomicFileOp =
  | { readonly kind: 'save'; readonly name: string; readonly valueId: number; readonly sizeBytes: number }
  | { readonly kind: 'load'; readonly name: string };

/** A load's result (null for a save). */
export type AtomicFileResult = ReadText;

const SAVE_SHARE = 0.65;

/** The bands of the draw below, for swarm's operation mix (sim/swarm). */
export const ATOMIC_FILE_MIX: OperationMix = [['save', SAVE_SHARE], ['load', 1]];

export function generateAtomicFileWorkload(rng: Rng, size: WorkloadSize): AtomicFileOp[][] {
  const names = keySpace(size, FILE_NAMES);
  return dealOperations(rng, size, (valueId): AtomicFileOp => {
    const name = rng.pick(names);
    return mixRoll(rng, size, ATOMIC_FILE_MIX) < SAVE_SHARE ? { kind: 'save', name, valueId, sizeBytes: pickValueSize(rng, size, TEXT_SIZES_BYTES) } : { kind: 'load', name };
  });
}

export async function applyAtomicFileOp(system: AtomicFile, op: AtomicFileOp): Promise<AtomicFileResult> {
  if (op.kind === 'save') {
    await system.save(op.name, textOf(op.valueId, op.sizeBytes));
    return null;
  }
  return readTextOf(await system.load(op.name));
}

export function describeAtomicFileOp(op: AtomicFileOp): string {
  return op.kind === 'save' ? `save ${op.name} #${op.valueId} (${op.sizeBytes} B)` : `load ${op.name}`;
}


/** Whether a value read back from a report is one of this scenario's operations. */
export const isAtomicFileOp = guard<AtomicFileOp>(tagged({
  save: { name: oneOf(...FILE_NAMES), valueId: isCount, sizeBytes: isCount },
  load: { name: oneOf(...FILE_NAMES) },
}));
