import { describe, expect, it } from 'vitest';
import { SimFs } from '../../../sim/disk/index.js';
import { applyBitflips } from '../../../sim/faults/bitflip.js';
import { parseFaultSpec } from '../../../sim/faults/index.js';
import { Rng } from '../../../sim/rng.js';

describe('bit flips and hard links', () => {
  it('flip a file with two names once and report the damage under both names', async () => {
    const disk = new SimFs();
    await disk.mkdir('/d');
    await disk.writeFile('/d/tmp', new Uint8Array(64).fill(1));
    await disk.link('/d/tmp', '/d/final');
    const state = disk.crashClone({ profile: 'process' });
    const flips = applyBitflips(state, parseFaultSpec('bitflip'), new Rng('links'), 0);
    expect(flips.map((f) => f.path).sort()).toEqual(['/d/final', '/d/tmp']);
    const a = await state.readFile('/d/final');
    const b = await state.readFile('/d/tmp');
    expect(a).toEqual(b);
    expect(a.filter((byte) => byte !== 1)).toHaveLength(1);
  });
});
