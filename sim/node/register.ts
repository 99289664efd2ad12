/**
 * Preload entry: `node --import tsx --import ./sim/node/register.ts target.js` installs the
 * interposition layer before anything else is imported.
 */
import { installInterposition } from './install.js';

installInterposition();
