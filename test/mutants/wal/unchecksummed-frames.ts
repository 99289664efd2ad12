import type { FrameFormat } from '../../../src/wal/frame-format.js';
import { FileSegmentLog } from '../../../src/wal/segment-log.js';
import { walFactoryOver } from './mutant-log.js';

/**
 * Mutant: frames are a length and a payload, no checksum, no index. A torn or zero-filled tail
 * (an extending write whose size persisted but not its data) is replayed as entries.
 */
const lengthOnlyFrames: FrameFormat = {
  headerBytes: 4,
  encode(_index, payload) {
    const frame = new Uint8Array(4 + payload.length);
    new DataView(frame.buffer).setUint32(0, payload.length);
    frame.set(payload, 4);
    return frame;
  },
  payloadLength: (header) => new DataView(header.buffer, header.byteOffset, header.byteLength).getUint32(0),
  verify: () => true,
  // No watermark is recorded, so no frame can vouch for an earlier one.
  findAcknowledgingFrame: () => undefined,
};

class UnchecksummedFramesLog extends FileSegmentLog {
  protected override get frames(): FrameFormat {
    return lengthOnlyFrames;
  }
}

export default walFactoryOver(UnchecksummedFramesLog);
