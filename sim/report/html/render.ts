import { createHash } from 'node:crypto';
import { html } from './escape.js';
import { FATE_LOOK, STATUS_LOOK, laneLook } from './lanes.js';
import { timelineGrid } from './layout-grid.js';
import { faultsPanel, fatesPanel, recoveryPanel, violationsPanel } from './layout-panels.js';
import { TOGGLE_SCRIPT } from './script.js';
import { STYLE } from './style.js';
import type { CaseView, ReportView } from './view-data.js';

/**
 * The HTML report: one self-contained file (inline styles and one inline script, no network, no
 * fonts), with both cases of the report; the shrunk one is shown first when there is one. Its
 * Content-Security-Policy lets no resource load and only the toggle script (by its hash) run.
 */

function scriptHash(): string {
  return `sha256-${createHash('sha256').update(TOGGLE_SCRIPT).digest('base64')}`;
}

function caseSection(view: CaseView, shown: boolean): string {
  const title = view.which === 'minimized' ? 'Shrunk case' : 'Original case';
  const calls = view.callsNote === null ? `all ${view.calls.length} filesystem calls of the workload` : 'the last calls before the crash';
  return `<section data-case="${view.which}" aria-labelledby="${view.which}-title"${shown ? '' : ' hidden'}>
<h2 id="${view.which}-title">${title}</h2>
<p class="meta">profile <code>${html(view.profile)}</code>; crash after ${view.crashStep} of ${view.stepsCount} steps; ${view.lanes.length - 1} client lane(s); trace <code>${html(view.traceHash)}</code></p>
${violationsPanel(view)}
<div class="summary"><div>${fatesPanel(view)}</div><div>${faultsPanel(view)}</div></div>
<h3>Timeline: ${calls}</h3>
${view.callsNote === null ? '' : `<p class="note">${html(view.callsNote)}</p>`}
${timelineGrid(view)}
${recoveryPanel(view)}
</section>`;
}

function legend(): string {
  const lanes = ['runner', 'c0', 'c1', 'c2', 'c3'].map((key) => `<span><span class="lane-mark" style="color:${laneLook(key).colour}">${laneLook(key).symbol}</span> ${key === 'runner' ? 'runner' : `client ${key}`}</span>`);
  const fates = Object.entries(FATE_LOOK).map(([kind, look]) => `<span class="badge fate-${kind}">${look.symbol} ${look.word}</span>`);
  const statuses = Object.values(STATUS_LOOK).map((text) => `<span>${text}</span>`);
  return `<div class="legend" aria-label="legend">${lanes.join('')}${statuses.join('')}${fates.join('')}<span class="badge fault">\u26A0 injected fault</span><span class="named-mark">\u2691 named by the violation</span><span>\u26A1 crash line</span></div>`;
}

function toggle(report: ReportView): string {
  const hasShrunk = report.minimized !== null;
  const shrunk = hasShrunk
    ? `<button type="button" data-show="minimized" aria-pressed="true" aria-keyshortcuts="s">Shrunk case (s)</button>`
    : `<button type="button" disabled title="the report has no shrunk case">No shrunk case</button>`;
  return `<div class="toggle" role="group" aria-label="which case to show">${shrunk}<button type="button" data-show="original" aria-pressed="${hasShrunk ? 'false' : 'true'}" aria-keyshortcuts="o">Original case (o)</button>
<span class="meta" aria-live="polite">showing <span id="shown-case">${hasShrunk ? 'the shrunk case' : 'the original case'}</span></span></div>`;
}

export function renderReportHtml(report: ReportView): string {
  const title = `crashsim: ${report.scenario} seed ${report.seed}`;
  const impl = report.impl === null ? 'bundled implementation' : `implementation ${report.impl}`;
  const shrinking = report.shrinking === null ? '' : `<p class="meta">Shrinking: ${html(report.shrinking)}</p>`;
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src '${scriptHash()}'; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(title)}</title>
<style>${STYLE}</style>
<noscript><style>section[data-case][hidden] { display: block !important; } .toggle button { display: none; }</style></noscript>
</head>
<body>
<a class="skip" href="#main">Skip to the case</a>
<header class="top">
<h1>${html(title)}</h1>
<span class="meta">${html(impl)}</span>
${toggle(report)}
</header>
${shrinking}
${legend()}
<main id="main">
${report.minimized === null ? '' : caseSection(report.minimized, true)}
${caseSection(report.original, report.minimized === null)}
</main>
<script>${TOGGLE_SCRIPT}</script>
</body>
</html>
`;
}
