import { checksummedFrames } from '../../../src/wal/frame-format.js';
import type { FrameFormat } from '../../../src/wal/frame-format.js';
import { walFactoryWith } from './mutant-log.js';

/**
 * Mutant: the frames still record the durable watermark, but recovery never looks for a later
 * frame that vouches for a bad one, so a bit flip in an acknowledged frame of the newest segment
 * is cut like a torn tail and acknowledged entries vanish silently. Only bit flips reveal it.
 */
const { findAcknowledgingFrame: _ignored, ...blindFrames } = checksummedFrames;
const frames: FrameFormat = blindFrames;

/** Flips in segments only: a flipped first-index record would make every run refuse to open. */
export const BLIND_TO_ACKNOWLEDGED_DAMAGE_FAULTS = 'bitflip:pathMatch(.seg)&randomly(0.3)';

export default walFactoryWith({ frames });
