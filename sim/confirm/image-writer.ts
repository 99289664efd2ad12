import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DiskImage } from '../disk/index.js';

/**
 * Writes a simulated disk's tree to real files: the image's `/` becomes `dir`, so the simulated
 * root `/data` lands at `<dir>/data`. Nothing is synced: image mode never crashes the real disk,
 * it only needs the recovering code to read what the simulated crash left.
 *
 * Names are checked again here, even though DiskImage names come from SimFs, because this is the
 * one place where a name becomes a real path: `..` or a slash would escape `dir`.
 */
export async function writeImage(image: DiskImage, dir: string): Promise<void> {
  if (image.kind !== 'dir') throw new TypeError('writeImage: the image of a disk must have a directory at its root');
  await writeDirEntries(image.entries, dir, '');
}

async function writeDirEntries(entries: Readonly<Record<string, DiskImage>>, realDir: string, simulatedDir: string): Promise<void> {
  for (const name of Object.keys(entries)) {
    if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
      throw new TypeError(`writeImage: ${simulatedDir}/${name} is not a valid file name; the image is corrupt`);
    }
    const child = entries[name] as DiskImage;
    const realPath = join(realDir, name);
    if (child.kind === 'dir') {
      await mkdir(realPath);
      await writeDirEntries(child.entries, realPath, `${simulatedDir}/${name}`);
    } else {
      await writeFile(realPath, child.data, { flag: 'wx' });
    }
  }
}
