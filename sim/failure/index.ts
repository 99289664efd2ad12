export { reportFailure } from './report-failure.js';
export type { ReportFailureOptions, ReportedFailure } from './report-failure.js';
