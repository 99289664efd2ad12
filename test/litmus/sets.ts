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

/** `base` with `data` written at `offset` (a hole before it reads as zeros). */
export function written(base: string, offset: number, data: string): string {
  const padded = base.length < offset ? base + '\0'.repeat(offset - base.length) : base;
  return padded.slice(0, offset) + data + padded.slice(offset + data.length);
}

/** Every combination of one choice per slot (a cartesian product of strings, concatenated). */
function concatProduct(slots: ReadonlyArray<readonly string[]>): string[] {
  let out: string[] = [''];
  for (const choices of slots) out = out.flatMap((prefix) => [...new Set(choices)].map((choice) => prefix + choice));
  return out;
}

/** The sector-aligned ranges [from, to) covering [start, end). */
function sectorRanges(start: number, end: number, sectorSizeBytes: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let from = start; from < end; ) {
    const to = Math.min(end, (Math.floor(from / sectorSizeBytes) + 1) * sectorSizeBytes);
    ranges.push([from, to]);
    from = to;
  }
  return ranges;
}

/**
 * Every content where each sector holds one of `versions` of it (all the same length): the page
 * cache held each version at some point, and each sector reaches the disk independently. Two
 * writes into one sector therefore give three versions of it, never the second write alone.
 */
export function sectorVersions(versions: readonly string[], sectorSizeBytes = LITMUS_SECTOR_SIZE_BYTES): string[] {
  const length = (versions[0] ?? '').length;
  if (versions.some((version) => version.length !== length)) throw new RangeError('sectorVersions: every version must have the same length');
  return concatProduct(sectorRanges(0, length, sectorSizeBytes).map(([from, to]) => versions.map((version) => version.slice(from, to))));
}

/** A torn overwrite: each sector from `before` or `after` (same length). */
export function sectorMixes(before: string, after: string, sectorSizeBytes = LITMUS_SECTOR_SIZE_BYTES): string[] {
  return sectorVersions([before, after], sectorSizeBytes);
}

/** A write: its offset and its bytes. */
export type Write = readonly [offset: number, data: string];

/**
 * How a crash may leave a file holding `base` durably after the unsynced `writes` (in order):
 * - inside the old size, each sector holds its old or its final version (torn overwrites; POSIX,
 *   and ext4 too, since overwriting allocated blocks is not journalled);
 * - `posix`, beyond the old size: the size is the old one or the end of any written sector (or
 *   the final end), and each new sector below it holds its data or zeros (required), or stale
 *   bytes (permitted: see STALE);
 * - `ordered` (ext4 data=ordered), beyond the old size: the size only ever covers written data, so
 *   the new part is a prefix of the writes' sectors, each whole.
 */
export function writesOutcomes(base: string, writes: readonly Write[], mode: 'posix' | 'ordered', sectorSizeBytes = LITMUS_SECTOR_SIZE_BYTES): string[] {
  const final = writes.reduce((content, [offset, data]) => written(content, offset, data), base);
  const oldSize = Math.min(base.length, final.length);
  const insides = concatProduct(sectorRanges(0, oldSize, sectorSizeBytes).map(([from, to]) => [base.slice(from, to), final.slice(from, to)]));
  const sizes = new Set<number>([oldSize]);
  const writtenSectors = new Set<number>();
  for (const [offset, data] of writes) {
    for (const [from, to] of sectorRanges(offset, offset + data.length, sectorSizeBytes)) {
      writtenSectors.add(Math.floor(from / sectorSizeBytes));
      if (to > oldSize) sizes.add(to);
    }
  }
  const outcomes: string[] = [];
  for (const size of [...sizes].sort((a, b) => a - b)) {
    const slots = sectorRanges(oldSize, size, sectorSizeBytes).map(([from, to]) => {
      const data = final.slice(from, to);
      // A hole (a sector no write touched) is never allocated: it reads as zeros, never stale.
      if (mode === 'ordered' || !writtenSectors.has(Math.floor(from / sectorSizeBytes))) return [data];
      return [data, '\0'.repeat(to - from), STALE.repeat(to - from)];
    });
    const tails = concatProduct(slots);
    for (const inside of insides) for (const tail of tails) outcomes.push(inside + tail);
  }
  return [...new Set(outcomes)];
}

/** One unsynced write of `data` at `offset` over a file durably holding `base` (see writesOutcomes). */
export function writeOutcomes(base: string, offset: number, data: string, mode: 'posix' | 'ordered', sectorSizeBytes = LITMUS_SECTOR_SIZE_BYTES): string[] {
  return writesOutcomes(base, [[offset, data]], mode, sectorSizeBytes);
}
