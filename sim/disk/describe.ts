import type { DiskState } from './disk-state.js';
import { writeExtends } from './nodes.js';
import type { DirNode, Inode, PendingOp } from './nodes.js';

/**
 * One readable line per pending operation, named by the trace step of the call that made it (so a
 * listing lines up with the timeline), e.g. `s12 write /a/x [0, 512) extends 0 -> 512`,
 * `s13 create /a/x`, `s14 rename /a/tmp -> /a/x` (`s` for a step, as in timelines). Inodes are named by their current visible path,
 * or `<inode 7>` when nothing visible names them any more.
 */
export function describePending(disk: DiskState): string[] {
  return describeOps(disk, disk.allPendingOps());
}

/** `ops` described as describePending does, with the paths `disk` shows now. */
export function describeOps(disk: DiskState, ops: readonly PendingOp[]): string[] {
  const paths = visiblePaths(disk.root);
  const pathOf = (node: Inode): string => paths.get(node) ?? `<inode ${node.ino}>`;
  const entryPath = (dir: DirNode, name: string): string => {
    const dirPath = pathOf(dir);
    return dirPath === '/' ? `/${name}` : `${dirPath}/${name}`;
  };
  return ops.map((op: PendingOp) => {
    switch (op.kind) {
      case 'write': {
        const end = op.offset + op.bytes.length;
        const growth = writeExtends(op) ? ` extends ${op.sizeBefore} -> ${end}` : '';
        return `s${op.step} write ${pathOf(op.file)} [${op.offset}, ${end})${growth}`;
      }
      case 'truncate':
        return `s${op.step} truncate ${pathOf(op.file)} ${op.sizeBefore} -> ${op.size}`;
      case 'rename':
        return `s${op.step} rename ${entryPath(op.dir, op.name)} -> ${entryPath(op.toDir, op.toName)}`;
      default:
        return `s${op.step} ${op.kind} ${entryPath(op.dir, op.name)}`;
    }
  });
}

/** The first visible path of every visible inode (hard links: the first name in sorted order). */
function visiblePaths(root: DirNode): Map<Inode, string> {
  const paths = new Map<Inode, string>([[root, '/']]);
  const visit = (dir: DirNode, prefix: string): void => {
    const names = [...dir.entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) {
      const child = dir.entries.get(name) as Inode;
      const path = `${prefix}/${name}`;
      if (!paths.has(child)) paths.set(child, path);
      if (child.kind === 'dir') visit(child, path);
    }
  };
  visit(root, '');
  return paths;
}

/** Every visible file, its names grouped (hard links share one entry), in path order. */
export function visibleFiles(root: DirNode): Array<{ readonly paths: string[]; readonly sizeBytes: number }> {
  const byInode = new Map<Inode, { paths: string[]; sizeBytes: number }>();
  const visit = (dir: DirNode, prefix: string): void => {
    const names = [...dir.entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) {
      const child = dir.entries.get(name) as Inode;
      const path = `${prefix}/${name}`;
      if (child.kind === 'dir') {
        visit(child, path);
        continue;
      }
      const known = byInode.get(child);
      if (known === undefined) byInode.set(child, { paths: [path], sizeBytes: child.data.size });
      else known.paths.push(path);
    }
  };
  visit(root, '');
  return [...byInode.values()];
}
