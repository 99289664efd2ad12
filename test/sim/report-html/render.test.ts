import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { describeOutcome } from '../../../sim/disk/outcomes.js';
import type { FileNode, WriteOp } from '../../../sim/disk/nodes.js';
import { type FailureReport, validateReport } from '../../../sim/report/index.js';
import { escapeHtml, namedOperations, parseFate, renderReportHtml, reportView } from '../../../sim/report/html/index.js';

/** The HTML page's data extraction and its escaping, without a browser (see test/browser for one). */

const REPORT_FILE = 'reports/regressions/blob-put-if-absent-check-then-act.json';

async function savedReport(): Promise<FailureReport> {
  return validateReport(JSON.parse(await readFile(REPORT_FILE, 'utf8')), REPORT_FILE);
}

const HOSTILE = '</code><script>window.pwned=1</script><img src=x onerror="window.pwned=2">\'"&\u001b[31m';

describe('the HTML report', () => {
  it('escapes every piece of report text: no markup, no script but its own, and a policy that allows only that one', async () => {
    const report = await savedReport();
    const poisoned = (c: FailureReport['original']): FailureReport['original'] => ({
      ...c,
      violations: c.violations.map((v) => ({ ...v, invariant: HOSTILE, message: `${HOSTILE} op1` })),
      history: c.history.map((op) => ({ ...op, operation: HOSTILE, outcome: HOSTILE })),
      timeline: [`s3 c0 open /data/${HOSTILE} flags=r -> ok`, `#4 rename ${HOSTILE}`],
      pendingAtCrash: [HOSTILE],
      injectedFaults: [HOSTILE],
      recoveryTimeline: [HOSTILE],
      crashStory: { state: 0, survivors: 1, lines: [`#3 create /data/${HOSTILE}: survived`] },
      options: { ...c.options, faults: HOSTILE },
    });
    const hostile: FailureReport = { ...report, scenario: HOSTILE, impl: HOSTILE, shrinking: HOSTILE, original: poisoned(report.original), minimized: report.minimized === null ? null : poisoned(report.minimized) };
    const page = renderReportHtml(reportView(hostile, { original: null, minimized: null }));
    expect(page).not.toContain('<script>window');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('\u001b');
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).toContain('&lt;script&gt;window.pwned=1&lt;/script&gt;');
    const script = /<script>([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
    const hash = createHash('sha256').update(script).digest('base64');
    expect(page).toContain(`script-src 'sha256-${hash}'`);
    expect(page).toMatch(/default-src 'none'/);
    expect(page).not.toMatch(/\b(?:src|href)="(?:https?:)?\/\//);
  });

  it('escapes the characters that open markup or leave an attribute, and control characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml('a\nb\u0000')).toBe('a\\nb\\x00');
  });

  it('reads each fate of an unsynced operation, with the sectors of a torn write', () => {
    expect(parseFate('s14 rename /a/tmp -> /a/x: lost')).toMatchObject({ seq: 14, what: 'rename /a/tmp -> /a/x', kind: 'lost', sectors: null });
    expect(parseFate('#14 rename /a/tmp -> /a/x: lost')).toMatchObject({ seq: 14, kind: 'lost' });
    expect(parseFate('#3 create /a/b: lost: survived')).toMatchObject({ seq: 3, what: 'create /a/b: lost', kind: 'survived' });
    expect(parseFate('#9 write /f [0, 2048) extends 0 -> 2048: torn: sectors 0, 2 of 4 reached the disk')).toMatchObject({ kind: 'torn', sectors: { kept: [0, 2], count: 4 } });
    expect(parseFate('#9 write /f [0, 512): torn: sector 1 of 2 reached the disk')).toMatchObject({ kind: 'torn', sectors: { kept: [1], count: 2 } });
    expect(parseFate('#5 write /f [0, 90): size only: the file grew, the new bytes read as zeros')).toMatchObject({ kind: 'size-only' });
    expect(parseFate('not a story line')).toBeNull();
  });

  it('draws the sectors of a torn write, each kept one filled and numbered', async () => {
    const report = await savedReport();
    const minimized = report.minimized ?? report.original;
    const torn = { ...minimized, crashStory: { state: 0, survivors: 1, lines: ['s9 write /f [0, 2048) extends 0 -> 2048: torn: sectors 0, 2 of 4 reached the disk'] } };
    const page = renderReportHtml(reportView({ ...report, minimized: torn }, { original: null, minimized: null }));
    expect(page).toContain('<span class="sectors" role="img" aria-label="torn: sectors 0, 2 of 4 reached the disk">');
    const strip = /<span class="sectors"[^>]*>((?:<span[^>]*>[^<]*<\/span>)*)<\/span>/.exec(page)?.[1] ?? '';
    expect([...strip.matchAll(/class="(kept|lost)"/g)].map((m) => m[1])).toEqual(['kept', 'lost', 'kept', 'lost']);
  });

  it('names the sectors of every torn outcome, whichever subset reached the disk', () => {
    const write: WriteOp = { kind: 'write', seq: 1, step: 7, file: {} as FileNode, offset: 0, bytes: new Uint8Array(6 * 512), sizeBefore: 0 };
    const torn = (kept: readonly number[]): Parameters<typeof describeOutcome>[1] => ({ kind: 'torn', sectors: Uint8Array.from({ length: 6 }, (_, i) => (kept.includes(i) ? 1 : 0)), sizeSectors: 0 });
    expect(describeOutcome(write, torn([0, 1]), 512)).toMatch(/^torn: sectors 0, 1 of 6 reached the disk/);
    expect(describeOutcome(write, torn([5]), 512)).toMatch(/^torn: sector 5 of 6 reached the disk/);
    expect(describeOutcome(write, torn([0, 2]), 512)).toMatch(/^torn: sectors 0, 2 of 6 reached the disk/);
  });

  it('finds the operations a violation names, and not the values named like them', () => {
    const known = new Set([0, 1, 2, 3, 17]);
    expect(namedOperations('operations op0 (start 0) and op1 both wrote "b"', known)).toEqual([0, 1]);
    expect(namedOperations('op17.0, acknowledged at index 1 by op2 (append op17 x3)', known)).toEqual([2, 17]);
    expect(namedOperations('save op9 was acknowledged', known)).toEqual([]);
    expect(namedOperations("'gamma' is absent, but operation #3 wrote it", known)).toEqual([3]);
  });

  it('shows a case from the report alone, saying that only the last calls are shown, when it was not run again', async () => {
    const report = await savedReport();
    const view = reportView(report, { original: null, minimized: null });
    expect(view.minimized?.callsNote).toMatch(/^Only the report's last \d+ calls/);
    expect(view.minimized?.lanes.map((lane) => lane.key)).toEqual(['runner', 'c0', 'c1', 'unknown']);
    const page = renderReportHtml(view);
    expect(page).toContain('data-case="minimized"');
    expect(page).toContain('data-case="original"');
    expect(page).toContain('CRASH after step');
  });
});
