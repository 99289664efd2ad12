import type { CrashProfile } from '../../disk/types.js';
import { changeCase } from '../case.js';
import type { ShrinkPass } from '../pass.js';

/**
 * The crash models, gentlest first: `process` keeps everything (a failure there needs no lost
 * write at all), `ext4-ordered` loses name operations only as a suffix of their order, `posix`
 * allows every legal loss.
 */
export const PROFILES_GENTLEST_FIRST: readonly CrashProfile[] = ['process', 'ext4-ordered', 'posix'];

/** The gentlest crash model that still fails: fewer surviving-or-lost choices to explain. */
export const gentlerProfile: ShrinkPass = {
  name: 'gentler-profile',
  *candidates(start) {
    const rank = PROFILES_GENTLEST_FIRST.indexOf(start.profile);
    for (const profile of PROFILES_GENTLEST_FIRST.slice(0, Math.max(0, rank))) {
      if ((yield changeCase(start, { profile })) !== null) return;
    }
  },
};
