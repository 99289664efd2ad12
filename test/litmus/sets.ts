import { LITMUS_SECTOR_SIZE_BYTES, renderBytes } from './harness.js';

/**
 * Builders for expected state sets, so a test states a rule ("any subset of the sectors", "a prefix
 * of the append") instead of listing dozens of strings. Contents are JS strings holding one byte
 * per character (`'\0'` is a zero byte); STALE stands for one byte of any value.
 */

/** One byte of any value: stale data a crash may expose (rendered `\*`). */
export const STALE = '\uffff';

/** The canonical token of a file holding `content`. */
export function file(path: string, content: string): string {
  let rendered = '';
  let run: number[] = [];
  const flush = (): void => {
    rendered += renderBytes(Uint8Array.from(run));
    run = [];
  };
  for (const char of content) {
    if (char === STALE) {
      flush();
      rendered += '\\*';
      continue;
    }
    const code = char.charCodeAt(0);
    if (code > 0xff) throw new RangeError(`file(${path}): content must hold bytes (char codes up to 255), got U+${code.toString(16)}`);
    run.push(code);
  }
  flush();
  return `${path}="${rendered}"`;
}

/** One token per content: the file at `path` holding each of them. */
export function files(path: string, contents: readonly string[]): string[] {
  return contents.map((content) => file(path, content));
}

/**
 * Every state made of one choice from each group (a cartesian product); a choice is a state
 * fragment (`'/d/ /d/f=""'`), `''` for "nothing", or a list of fragments joined into one.
 */
export function cross(...groups: ReadonlyArray<readonly string[]>): string[] {
  let states: string[] = [''];
  for (const group of groups) {
    const next: string[] = [];
    for (const state of states) for (const choice of group) next.push(`${state} ${choice}`.trim());
    states = next;
  }
  return [...new Set(states.map((state) => (state === '' ? '(empty)' : state)))];
}

/** `text` repeated to `lengthBytes` bytes (sector-sized fills: `fill('a', 8)` is 'aaaaaaaa'). */
export function fill(text: string, lengthBytes: number): string {
  return text.repeat(Math.ceil(lengthBytes / text.length)).slice(0, lengthBytes);
}

/** Every subset of `count` items, as bitmasks, in increasing order. */
function masks(count: number): number[] {
  return Array.from({ length: 2 ** count }, (_, mask) => mask);
}

/** `base` with `data` written at `offset` (a hole before it reads as zeros). */
export function written(base: string, offset: number, data: string): string {
  const padded = base.length < offset ? base + '\0'.repeat(offset - base.length) : base;
  return padded.slice(0, offset) + data + padded.slice(offset + data.length);
}

/** The pieces of a write split at sector boundaries (by absolute file offset). */
export function sectorPieces(offset: number, data: string, sectorSizeBytes = LITMUS_SECTOR_SIZE_BYTES): Array<{ at: number; bytes: string }> {
  const pieces: Array<{ at: number; bytes: string }> = [];
  let at = offset;
  while (at < offset + data.length) {
    const end = Math.min(offset + data.length, (Math.floor(at / sectorSizeBytes) + 1) * sectorSizeBytes);
    pieces.push({ at, bytes: data.slice(at - offset, end - offset) });
    at = end;
  }
  return pieces;
}

/**
 * How a crash may leave one unsynced write of `data` at `offset` over a file holding `base`:
 * - `torn`: each sector of the write reached the disk or not, independently (any subset, POSIX
 *   and every disk); the size grows to the last byte written by a kept sector.
 * - `posix`: as `torn`, plus, when the write extends the file, the new size may persist with any
 *   subset of the sectors written and zeros in the others, or with stale bytes in the whole new
 *   range (a filesystem that neither zeroes nor orders data: ext4 data=writeback, ALICE's model).
 * - `ordered`: ext4 data=ordered. Sectors inside the old size tear as `torn` (overwrites are not
 *   journalled); the part beyond the old size appears only as a prefix, each kept sector whole,
 *   because the size is committed only after the data it covers was written.
 */
export function writeOutcomes(base: string, offset: number, data: string, mode: 'torn' | 'posix' | 'ordered', sectorSizeBytes = LITMUS_SECTOR_SIZE_BYTES): string[] {
  const pieces = sectorPieces(offset, data, sectorSizeBytes);
  const end = offset + data.length;
  const extendsFile = end > base.length;
  const outcomes = new Set<string>();
  if (mode === 'ordered') {
    const inside = pieces.filter((piece) => piece.at < base.length);
    const beyond = pieces.filter((piece) => piece.at >= base.length);
    for (const mask of masks(inside.length)) {
      let content = inside.reduce((acc, piece, i) => ((mask >> i) & 1 ? written(acc, piece.at, piece.bytes) : acc), base);
      outcomes.add(content);
      for (const piece of beyond) {
        content = written(content, piece.at, piece.bytes);
        outcomes.add(content);
      }
    }
    return [...outcomes];
  }
  for (const mask of masks(pieces.length)) {
    const content = pieces.reduce((acc, piece, i) => ((mask >> i) & 1 ? written(acc, piece.at, piece.bytes) : acc), base);
    outcomes.add(content);
    if (mode === 'posix' && extendsFile) outcomes.add(content + '\0'.repeat(end - content.length));
  }
  if (mode === 'posix' && extendsFile) {
    const staleFrom = Math.max(base.length, offset);
    outcomes.add(written(base, staleFrom, STALE.repeat(end - staleFrom)));
  }
  return [...outcomes];
}

/** Every content where each sector comes from `before` or `after` (same length): a torn overwrite. */
export function sectorMixes(before: string, after: string, sectorSizeBytes = LITMUS_SECTOR_SIZE_BYTES): string[] {
  if (before.length !== after.length) throw new RangeError('sectorMixes: both versions must have the same length');
  return writeOutcomes(before, 0, after, 'torn', sectorSizeBytes);
}

/** `content` and each of its prefixes cut at a sector boundary, shortest first (ending with the whole). */
export function sectorPrefixes(content: string, sectorSizeBytes = LITMUS_SECTOR_SIZE_BYTES): string[] {
  const cuts: string[] = [];
  for (let length = 0; length < content.length; length += sectorSizeBytes) cuts.push(content.slice(0, length));
  cuts.push(content);
  return cuts;
}
