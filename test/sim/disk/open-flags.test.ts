import { describe, expect, it } from 'vitest';
import { isFsError } from '../../../src/fs/errors.js';
import { createMemFs } from '../../../src/fs/mem-fs.js';
import { OPEN_FLAGS, isOpenFlags, openFlagSemantics } from '../../../src/fs/open-flags.js';
import type { OpenFlags } from '../../../src/fs/types.js';
import { SimFs } from '../../../sim/disk/index.js';

/** The one open-flag table (src/fs/open-flags) that MemFs and SimFs both read. */

describe('open flags', () => {
  it('each flag means what its letters say', () => {
    for (const [flags, meaning] of Object.entries(OPEN_FLAGS)) {
      const plus = flags.endsWith('+');
      expect([flags, meaning]).toEqual([
        flags,
        {
          readable: flags.startsWith('r') || plus,
          writable: !flags.startsWith('r') || plus,
          append: flags.startsWith('a'),
          create: !flags.startsWith('r'),
          exclusive: flags.includes('x'),
          truncate: flags.startsWith('w'),
        },
      ]);
    }
  });

  it('only the table own keys are flags', () => {
    for (const flags of Object.keys(OPEN_FLAGS)) expect(isOpenFlags(flags)).toBe(true);
    for (const notFlags of ['toString', '__proto__', 'constructor', 'rw', '', 'R', undefined, null, 1, Symbol('r')]) {
      expect(isOpenFlags(notFlags)).toBe(false);
      expect(openFlagSemantics(notFlags)).toBeUndefined();
    }
  });

  it('both backends refuse an inherited key as a flag', async () => {
    const flags = 'toString' as OpenFlags;
    const mem = await createMemFs().open('/f', flags).catch((e: unknown) => e);
    expect(isFsError(mem) ? mem.code : mem).toBe('EINVAL');
    await expect(new SimFs().open('/f', flags)).rejects.toThrow('SimFs open: flags must be one of r, r+, w, wx, w+, wx+, a, ax, a+, got toString');
  });
});
