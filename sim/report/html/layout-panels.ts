import { anchor, html } from './escape.js';
import { fateBadge } from './layout-grid.js';
import type { CallView, CaseView } from './view-data.js';

/**
 * The panels around a case's timeline: the violations (each linking to the operations it names),
 * what the crash did to every unsynced operation, the injected faults, and the recovery's calls.
 */

export function violationsPanel(view: CaseView): string {
  const items = view.violations.map((v, index) => {
    const explained = v.state === view.state;
    const links = v.operationIds.map((id) => `<a href="#${anchor(view.which, 'op', id)}">op${id}</a>`).join(', ');
    const concerns = links === '' ? '' : ` <span class="concerns">(concerns ${links})</span>`;
    const where = explained ? `state ${v.state}, the one explained below` : `state ${v.state}`;
    return `<li id="${anchor(view.which, 'v', index)}"${explained ? ' class="explained"' : ''}><span aria-hidden="true">\u2691</span> <span class="inv">[${html(v.invariant)}]</span> (${where}) ${html(v.message)}${concerns}</li>`;
  });
  return `<div class="violations" role="alert"><h3>\u2691 Violation${view.violations.length === 1 ? '' : 's'}</h3><ul>${items.join('')}</ul></div>`;
}

export function fatesPanel(view: CaseView): string {
  if (view.fates.length === 0) {
    if (view.pending.length === 0) return '<h3>Unsynced at the crash</h3><p>Nothing: every call before the crash was durable.</p>';
    const lines = view.pending.map((line) => `<li class="mono">${html(line)}</li>`).join('');
    return `<h3>Unsynced at the crash</h3><p>The report does not say what the crash did to each of these in state ${view.state}:</p><ul>${lines}</ul>`;
  }
  const survivors = view.fates.filter((fate) => fate.kind !== 'lost').length;
  const rows = view.fates.map((fate) => {
    const step = view.calls.some((call) => call.seq === fate.seq) ? `<a href="#${anchor(view.which, 's', fate.seq)}">s${fate.seq}</a>` : `s${fate.seq}`;
    return `<tr><td class="mono">${step}</td><td class="mono">${html(fate.what)}</td><td>${fateBadge(fate)}${fate.kind === 'survived' || fate.kind === 'lost' ? '' : ` <span class="detail">${html(fate.detail)}</span>`}</td></tr>`;
  });
  return `<h3>Unsynced at the crash: their fate in post-crash state ${view.state}</h3>
<p>${survivors} of ${view.fates.length} unsynced operations reached the disk, at least in part, in this state.</p>
<table><thead><tr><th scope="col">step</th><th scope="col">unsynced operation</th><th scope="col">fate</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function faultsPanel(view: CaseView): string {
  if (view.faults.length === 0) return `<h3>Injected faults</h3><p>None${view.faultsSpec === '' ? ' (the run injected no faults)' : ''}.</p>`;
  const items = view.faults.map((line) => `<li><span class="badge fault">\u26A0 fault</span> <span class="mono">${html(line)}</span></li>`);
  return `<h3>Injected faults <span class="meta mono">${html(view.faultsSpec)}</span></h3><ul>${items.join('')}</ul>`;
}

function recoveryCall(call: CallView): string {
  return `<li><span class="axis">r${call.seq}</span> ${html(call.text)}</li>`;
}

export function recoveryPanel(view: CaseView): string {
  const parts = [`<h3>The recovery's calls on post-crash state ${view.state}</h3>`];
  if (view.interruptedRecovery.length > 0) {
    parts.push('<p>A first recovery was crashed too; its calls before that crash:</p>');
    parts.push(`<ol class="calls">${view.interruptedRecovery.map((line) => `<li>${html(line)}</li>`).join('')}<li class="crash-inline">\u26A1 the recovery crashes here</li></ol>`);
    parts.push('<p>Then the system was opened again and judged:</p>');
  }
  if (view.recovery === null) {
    parts.push('<p class="note">The report does not record the judged recovery\'s calls, and they could not be taken from a rerun of the case.</p>');
  } else {
    parts.push(`<ol class="calls" aria-label="recovery calls">${view.recovery.map(recoveryCall).join('')}</ol>`);
  }
  return parts.join('\n');
}
