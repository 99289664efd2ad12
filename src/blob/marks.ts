import { declareMark } from '../coverage/index.js';

/** The states of the blob store a campaign should reach (see src/coverage). */
export const BLOB_MARKS = {
  tempSwept: declareMark('blob.open.temp-swept', 'opening found a temp file (a publication the crash cut before its rename or link) and removed it'),
  putIfAbsentLostRace: declareMark('blob.put-if-absent.lost-race', 'putIfAbsent found the name taken (EEXIST on link) and reported AlreadyExists'),
  checksumFailed: declareMark('blob.read.checksum-failed', 'a read found data that does not match its checksum'),
} as const;
