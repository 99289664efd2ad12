/**
 * Names of the files in a log directory. A segment is named by the index of its first entry,
 * zero-padded to 20 digits so that lexical order is numeric order (and every safe integer fits).
 */

const SEGMENT_DIGITS = 20;
const SEGMENT_SUFFIX = '.seg';
const SEGMENT_PATTERN = /^(\d{20})\.seg$/;

/** The metadata record holding the durable first index. */
export const META_FILE = 'first-index';
/** Suffix of files being written before an atomic rename; any left at open are swept. */
export const TEMP_SUFFIX = '.tmp';

export function segmentName(firstIndex: number): string {
  return `${String(firstIndex).padStart(SEGMENT_DIGITS, '0')}${SEGMENT_SUFFIX}`;
}

/** The first index a segment file name encodes, or undefined when `name` is not a segment. */
export function parseSegmentName(name: string): number | undefined {
  const match = SEGMENT_PATTERN.exec(name);
  if (match === null) return undefined;
  const index = Number(match[1]);
  return Number.isSafeInteger(index) && index >= 1 ? index : undefined;
}

export function isTempName(name: string): boolean {
  return name.endsWith(TEMP_SUFFIX);
}
