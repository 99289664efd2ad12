import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sim } from '../cli/run-cli.js';

/**
 * The HTML report of a real failing mutant, opened in headless Chromium: what a person sees.
 * Chromium is Debian's package (browser downloads do not work on these machines), driven by
 * playwright-core; without it this test fails and says how to install it.
 */

const CHROMIUM = process.env['CRASHSIM_CHROMIUM'] ?? '/usr/bin/chromium';
const CASE = 'blob-put-if-absent-check-then-act';
const MUTANT = 'test/mutants/blob/put-if-absent-check-then-act.ts';
const SCREENSHOTS = 'reports';

function requireChromium(): void {
  if (existsSync(CHROMIUM)) return;
  throw new Error(
    `Chromium is not installed at ${CHROMIUM}, and the HTML report is checked in a real browser. ` +
      "Install Debian's package: `sudo apt-get update && sudo apt-get install -y chromium` (as root, without sudo), " +
      'or point CRASHSIM_CHROMIUM at another Chromium executable. (Playwright\'s own browser download does not work here.)',
  );
}

// Page-side code is given as text: this project's TypeScript has no DOM types.
const SHOWN_ON_TOP = `(css) => {
  const element = document.querySelector(css);
  if (element === null) return false;
  element.scrollIntoView({ block: 'center' });
  const box = element.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return false;
  const top = document.elementFromPoint(box.left + Math.min(20, box.width / 2), box.top + box.height / 2);
  return top !== null && (top === element || element.contains(top));
}`;
const FOCUSED_BUTTON = 'document.activeElement?.dataset?.show ?? ""';

interface ReportJson {
  readonly original: { readonly options: { readonly clientsCount: number }; readonly violations: readonly { readonly invariant: string }[] };
  readonly minimized: { readonly options: { readonly clientsCount: number }; readonly violations: readonly { readonly invariant: string; readonly message: string }[] };
}

describe('the HTML report in a browser', () => {
  let dir: string;
  let browser: Browser | undefined;
  let report: ReportJson;
  /** The HTML page of the mutant's report. */
  let htmlPath = '';
  const pageErrors: string[] = [];
  const offline: string[] = [];

  async function open(path: string): Promise<Page> {
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : (offline.push(route.request().url()), route.abort())));
    await page.goto(pathToFileURL(resolve(path)).href);
    return page;
  }

  /** Whether the element is visible and on top at its centre (not hidden under another). */
  async function shownOnTop(page: Page, selector: string): Promise<boolean> {
    return (await page.evaluate(`(${SHOWN_ON_TOP})(${JSON.stringify(selector)})`)) === true;
  }

  async function htmlOf(json: string): Promise<string> {
    const result = await sim('--replay', json, '--html', '--impl', MUTANT);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    return json.replace(/\.json$/, '.html');
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crashsim-browser-'));
    await copyFile(`reports/regressions/${CASE}.json`, join(dir, `${CASE}.json`));
    report = JSON.parse(await readFile(join(dir, `${CASE}.json`), 'utf8')) as ReportJson;
    htmlPath = await htmlOf(join(dir, `${CASE}.json`));
    // Each test fails on its own, saying how to install Chromium, rather than being skipped.
    if (existsSync(CHROMIUM)) browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('shows the shrunk case: one lane per client, the crash line, the fates, the recovery and the violation with its operation highlighted', async () => {
    requireChromium();
    const page = await open(htmlPath);
    const shrunk = page.locator('section[data-case="minimized"]');
    await expect.poll(() => shrunk.isVisible()).toBe(true);
    expect(await page.locator('section[data-case="original"]').isVisible()).toBe(false);
    const crash = shrunk.locator('.crash');
    expect(await crash.isVisible()).toBe(true);
    expect(await crash.innerText()).toMatch(/CRASH after step s\d+/);
    for (let client = 0; client < report.minimized.options.clientsCount; client++) {
      expect(await shrunk.locator('.colhead', { hasText: `client c${client}` }).isVisible()).toBe(true);
      // The lane's operation and its calls are drawn over its bar, not under it.
      expect(await shownOnTop(page, `section[data-case="minimized"] .item.op[data-lane="c${client}"]`), `c${client}`).toBe(true);
    }
    expect(await shownOnTop(page, 'section[data-case="minimized"] .item.op.named')).toBe(true);
    const violation = shrunk.locator('.violations');
    expect(await violation.isVisible()).toBe(true);
    expect(await violation.innerText()).toContain(`[${report.minimized.violations[0]?.invariant ?? '?'}]`);
    expect(await shrunk.locator('.bar.named').count()).toBeGreaterThan(0);
    expect(await shrunk.locator('.item.op.named').first().innerText()).toMatch(/op\d+ .* named by the violation/);
    expect(await shrunk.locator('.badge.fate-survived, .badge.fate-lost, .badge.fate-torn, .badge.fate-size-only').count()).toBeGreaterThan(0);
    expect(await shrunk.locator('ol.calls li').count()).toBeGreaterThan(0);
    // Readable at 1280x800: nothing wider than the window.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'html-report.png') });
    await shrunk.locator('.grid').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'html-report-timeline.png') });
    await page.close();
  });

  it('switches to the original case and back, with the mouse and with the keyboard', async () => {
    requireChromium();
    const page = await open(htmlPath);
    const original = page.locator('section[data-case="original"]');
    const shrunk = page.locator('section[data-case="minimized"]');
    await page.locator('button[data-show="original"]').click();
    expect(await original.isVisible()).toBe(true);
    expect(await shrunk.isVisible()).toBe(false);
    expect(await page.locator('button[data-show="original"]').getAttribute('aria-pressed')).toBe('true');
    for (let client = 0; client < report.original.options.clientsCount; client++) {
      expect(await original.locator('.colhead', { hasText: `client c${client}` }).isVisible()).toBe(true);
    }
    expect(await original.locator('.crash').isVisible()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'html-report-original.png') });
    await page.keyboard.press('s');
    expect(await shrunk.isVisible()).toBe(true);
    // Tab from the top of the page reaches the buttons; Enter presses the one focused.
    await page.locator('body').click({ position: { x: 5, y: 790 } });
    await page.evaluate('document.activeElement?.blur()');
    let reached = '';
    for (let tab = 0; tab < 6 && reached !== 'original'; tab++) {
      await page.keyboard.press('Tab');
      reached = String(await page.evaluate(FOCUSED_BUTTON));
    }
    expect(reached).toBe('original');
    await page.keyboard.press('Enter');
    expect(await original.isVisible()).toBe(true);
    await page.close();
  });

  it('shows hostile report text as text: no markup, no script runs, nothing is fetched', async () => {
    requireChromium();
    const hostile = '<script>window.pwned=1</script><img src="https://example.invalid/x.png" onerror="window.pwned=2">';
    const json = join(dir, 'hostile.json');
    const saved = JSON.parse(await readFile(join(dir, `${CASE}.json`), 'utf8')) as Record<string, unknown> & ReportJson;
    const minimized = { ...saved.minimized, violations: saved.minimized.violations.map((v) => ({ ...v, message: `${v.message} ${hostile}` })) };
    await writeFile(json, JSON.stringify({ ...saved, minimized }));
    const page = await open(await htmlOf(json));
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('section[data-case="minimized"] .violations').innerText()).toContain(hostile);
    await page.close();
    expect(offline).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
