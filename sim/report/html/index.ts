export { htmlPathOf, reportHtml, writeReportHtml } from './write.js';
export { renderReportHtml } from './render.js';
export { caseView, namedOperations, parseFate, reportView } from './view-data.js';
export type { CaseView, FateView, ReportView } from './view-data.js';
export { html as escapeHtml } from './escape.js';
