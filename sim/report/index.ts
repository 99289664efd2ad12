export { REPORT_FORMAT, REPORT_VERSION, buildReport, describeOutcome, reportCase } from './report.js';
export type { FailureReport, ReportedCase, ReportedOperation } from './report.js';
export { formatTimeline } from './timeline.js';
export { printable } from './printable.js';
export { ReportError, readReport, validateReport, writeReport } from './files.js';
export { decodeValue, encodeValue } from './codec.js';
export { decodeWorkloadFor } from './workload-check.js';
