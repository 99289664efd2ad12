import { anchor, html } from './escape.js';
import { FATE_LOOK, STATUS_LOOK, laneLook } from './lanes.js';
import type { CallView, CaseView, FateView, OperationView } from './view-data.js';

/**
 * The timeline of one case: a grid whose rows are one step axis shared by every lane (each
 * filesystem call, each invocation and completion of an operation, and the crash), and whose
 * columns are the lanes: the runner, then one per client. An operation is a bar in its client's
 * lane from its invocation to its completion (dashed to the crash line when the crash cut it);
 * calls sit over the bars. Grid positions are numbers computed here, never report text.
 */

type Row =
  | { readonly kind: 'call'; readonly call: CallView }
  | { readonly kind: 'invoke' | 'complete' | 'cut'; readonly op: OperationView }
  | { readonly kind: 'crash' };

/** Order within one step: completions, invocations, the crash, what it cut, then the call. */
function rowsOf(view: CaseView): Row[] {
  const keyed: { step: number; order: number; tie: number; row: Row }[] = [];
  for (const op of view.operations) {
    keyed.push({ step: op.invokedAtStep, order: 1, tie: op.id * 2, row: { kind: 'invoke', op } });
    if (op.completedAtStep === null) {
      keyed.push({ step: view.crashStep, order: 2, tie: 1 + op.id, row: { kind: 'cut', op } });
      continue;
    }
    // An operation that made no call completes at the step it was invoked at: after its invocation.
    const sameStep = op.completedAtStep === op.invokedAtStep;
    keyed.push({ step: op.completedAtStep, order: sameStep ? 1 : 0, tie: op.id * 2 + 1, row: { kind: 'complete', op } });
  }
  keyed.push({ step: view.crashStep, order: 2, tie: 0, row: { kind: 'crash' } });
  for (const call of view.calls) keyed.push({ step: call.seq, order: 3, tie: 0, row: { kind: 'call', call } });
  keyed.sort((a, b) => a.step - b.step || a.order - b.order || a.tie - b.tie);
  return keyed.map((entry) => entry.row);
}

export function fateBadge(fate: FateView): string {
  const look = FATE_LOOK[fate.kind] ?? { symbol: '?', word: fate.kind };
  return `<span class="badge fate-${fate.kind}" title="${html(fate.detail)}">${look.symbol} ${html(look.word)}</span>${sectorStrip(fate)}`;
}

export function sectorStrip(fate: FateView): string {
  if (fate.sectors === null || fate.sectors.count > 64) return '';
  const kept = new Set(fate.sectors.kept);
  const boxes = Array.from({ length: fate.sectors.count }, (_, i) => `<span class="${kept.has(i) ? 'kept' : 'lost'}" title="sector ${i}: ${kept.has(i) ? 'reached the disk' : 'lost'}">${kept.has(i) ? i : ''}</span>`);
  return `<span class="sectors" role="img" aria-label="${html(fate.detail)}">${boxes.join('')}</span>`;
}

function callItem(call: CallView, view: CaseView): string {
  const classes = ['item', 'call', call.failed ? 'failed' : '', call.afterCrash ? 'after' : ''].filter((c) => c !== '').join(' ');
  const fault = call.faulted ? '<span class="badge fault">\u26A0 injected fault</span>' : '';
  const fate = call.fate === null ? '' : `${fateBadge(call.fate)}`;
  const after = call.afterCrash ? '<span class="visually-hidden"> (after the crash: not on the post-crash disk)</span>' : '';
  return `<div class="${classes}" id="${anchor(view.which, 's', call.seq)}" data-lane="${html(call.lane)}">${html(call.text)}${fault}${fate}${after}</div>`;
}

function opLabel(op: OperationView, kind: 'invoke' | 'complete' | 'cut', which: CaseView['which']): string {
  const symbol = laneLook(op.lane).symbol;
  const named = op.named ? ' <span class="named-mark">\u2691 named by the violation</span>' : '';
  if (kind === 'invoke') {
    return `<div class="item op${op.named ? ' named' : ''}" id="${anchor(which, 'op', op.id)}" tabindex="-1" data-lane="${html(op.lane)}">${symbol} op${op.id} \u25B6 ${html(op.text)}${named}</div>`;
  }
  // The outcome starts with its word (`ok`, `error`); the cut one is all in its look.
  const outcome = op.status === 'cut' ? STATUS_LOOK['cut'] : `${STATUS_LOOK[op.status]?.charAt(0) ?? ''} ${html(op.outcome)}`;
  return `<div class="item op${op.named ? ' named' : ''}" data-lane="${html(op.lane)}">${symbol} op${op.id} ${outcome}</div>`;
}

export function timelineGrid(view: CaseView): string {
  const rows = rowsOf(view);
  const column = new Map(view.lanes.map((lane, i) => [lane.key, i + 2]));
  const parts: string[] = [];
  const columns = `5rem ${view.lanes.map((lane) => (lane.key === 'runner' ? 'minmax(9rem, .6fr)' : 'minmax(12rem, 1fr)')).join(' ')}`;
  view.lanes.forEach((lane, i) => {
    const look = laneLook(lane.key);
    parts.push(`<div class="colhead" style="grid-column:${i + 2};grid-row:1;border-top:6px solid ${look.colour}"><span class="lane-mark" aria-hidden="true">${look.symbol}</span> ${html(lane.label)}</div>`);
    parts.push(`<div class="lanebg" aria-hidden="true" style="grid-column:${i + 2};grid-row:2 / ${rows.length + 2}"></div>`);
  });
  parts.push('<div class="colhead" style="grid-column:1;grid-row:1">step</div>');
  const rowOf = new Map<string, number>();
  rows.forEach((row, index) => {
    const line = index + 2;
    if (row.kind === 'crash') {
      rowOf.set('crash', line);
      parts.push(`<div class="crash" role="separator" data-crash-step="${view.crashStep}" style="grid-row:${line}">\u26A1 CRASH after step s${view.crashStep - 1} (${view.crashStep} steps taken of ${view.stepsCount}): the disk is left in post-crash state ${view.state}; the calls below it ran, but never reached that disk</div>`);
      return;
    }
    if (row.kind === 'call') {
      parts.push(`<div class="axis" style="grid-row:${line};grid-column:1">s${row.call.seq}</div>`);
      parts.push(`<div style="grid-row:${line};grid-column:${column.get(row.call.lane) ?? 2}" class="cell">${callItem(row.call, view)}</div>`);
      return;
    }
    rowOf.set(`${row.kind}${row.op.id}`, line);
    parts.push(`<div style="grid-row:${line};grid-column:${column.get(row.op.lane) ?? 2}" class="cell">${opLabel(row.op, row.kind, view.which)}</div>`);
  });
  for (const op of view.operations) parts.push(opBar(op, rowOf, column));
  return `<div class="grid" role="region" aria-label="Timeline of the ${view.which === 'minimized' ? 'shrunk' : 'original'} case: one lane per client, one row per step" style="grid-template-columns:${columns}">${parts.join('')}</div>`;
}

function opBar(op: OperationView, rowOf: ReadonlyMap<string, number>, column: ReadonlyMap<string, number>): string {
  const start = rowOf.get(`invoke${op.id}`);
  const end = rowOf.get(`${op.completedAtStep === null ? 'cut' : 'complete'}${op.id}`);
  if (start === undefined || end === undefined) return '';
  const classes = ['bar', op.status === 'cut' ? 'cut' : '', op.named ? 'named' : ''].filter((c) => c !== '').join(' ');
  const look = laneLook(op.lane);
  return `<div class="${classes}" aria-hidden="true" style="--lane:${look.colour};grid-column:${column.get(op.lane) ?? 2};grid-row:${Math.min(start, end)} / ${Math.max(start, end) + 1}"></div>`;
}
