import { basename, dirname } from '../../src/fs/index.js';
import type { FileSystem } from '../../src/fs/index.js';
import { parseSegmentName } from '../../src/wal/index.js';
import type { InjectedFault } from '../../sim/index.js';
import { damagesData } from '../../sim/index.js';

/**
 * Where bit flips hit a segment log, for the scenarios whose stores keep one (wal, persist,
 * mvcc). A log cannot always tell a flipped bit in the synced part of its newest segment from a
 * torn unsynced tail, so it may cut acknowledged entries there; a flip anywhere else must make it
 * refuse to open.
 */

/**
 * The bit flips under `dir` that may have cost a segment log acknowledged entries silently: flips
 * in a segment with no newer segment beside it on the recovered disk. A flip anywhere else in a
 * log (a sealed segment, the first-index record) makes it refuse to open instead. A flipped
 * segment that is gone after recovery counts too: it cannot be judged any more (the log may have
 * cut it empty and the store's startup then truncated it away and appended past it).
 */
export async function flipsInNewestSegments(fs: FileSystem, injected: readonly InjectedFault[], dir: string): Promise<InjectedFault[]> {
  const found: InjectedFault[] = [];
  for (const fault of injected) {
    if (!damagesData(fault) || !fault.path.startsWith(`${dir}/`)) continue;
    const start = parseSegmentName(basename(fault.path));
    if (start === undefined) continue;
    let siblings: string[];
    try {
      siblings = await fs.readdir(dirname(fault.path));
    } catch {
      siblings = [];
    }
    if (!siblings.includes(basename(fault.path)) || !siblings.some((sibling) => (parseSegmentName(sibling) ?? 0) > start)) found.push(fault);
  }
  return found;
}
