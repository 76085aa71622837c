import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { reportHtml } from '../../src/channels/shared/report-html.js';
import { historyOf } from '../../src/domain/history.js';
import type { Language } from '../../src/domain/text.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { spat } from '../support/builders.js';
import { sampleHistory } from '../support/history.js';

/**
 * The board report in a real browser (Debian's Chromium): what a person reads on screen, and
 * the A4 PDF a secretariat prints for the board papers.
 */

const t = createTranslator();
const MADE = Date.UTC(2026, 0, 20, 9);

function report(language: Language): string {
  const p = sampleHistory(language);
  const last = p.rounds.at(-1)!;
  return reportHtml({ t, language, timeZone: 'Europe/London', surface: { prefix: () => '@asesu ' } }, { partnership: p, framework: spat, history: historyOf(p, spat), last: { round: last, summary: last.summary! }, actions: [], madeAt: MADE });
}

/** Pages in a PDF: its page objects, not the page tree. */
function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without Debian's Chromium a developer's run skips this file and says why; CI installs it, and there it never skips.
const inBrowser = existsSync(CHROMIUM) || process.env.CI ? describe : describe.skip;
if (!existsSync(CHROMIUM) && !process.env.CI) console.warn(`The report's browser test is skipped: no Chromium at ${CHROMIUM} (apt-get install chromium).`);

inBrowser('the board report in Chromium', () => {
  let browser: Browser;
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'asesu-report-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  });
  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('a person reads the partnership, every round, the latest summary and the response rates, Welsh first', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
    await page.setContent(report('cy+en'), { waitUntil: 'load' });
    const text = (await page.textContent('body'))!.replace(/\s+/g, ' ');
    expect(text.indexOf("Adroddiad i'r bwrdd")).toBeLessThan(text.indexOf('Report for the board'));
    for (const words of [
      'Fforwm Partneriaeth Gymdeithasol Gwent',
      'Sgoriau ym mhob cylch adolygu',
      'Y crynodeb diweddaraf: cylch adolygu 4',
      'Scores in every review round',
      'Latest summary: review round 4',
      'Divided views: where partners see things differently',
      'Partner groups',
      'Response rates'.slice(0, 13),
      '6/9 (67%)',
      'too few answers',
      'rhy ychydig o atebion',
    ])
      expect(text).toContain(words);
    // The withheld round shows no score: its column holds only "too few answers".
    const third = await page.$$eval('article[lang="en"] table:first-of-type tbody tr', (rows) => rows.slice(0, 5).map((r) => r.children[3]!.textContent));
    expect(third).toEqual(Array(5).fill('too few answers'));
    // No agreed actions yet: no heading for them.
    expect(text).not.toContain('Agreed actions');
    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: false });
    await page.close();
  });

  test('prints to A4, each language starting on a new page', async () => {
    const pages: Record<string, number> = {};
    for (const language of ['en', 'cy+en'] as const) {
      const page = await browser.newPage();
      await page.setContent(report(language), { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      await writeFile(join(dir, `report-${language}.pdf`), pdf);
      pages[language] = pageCount(pdf);
      await page.close();
    }
    expect(pages.en).toBeGreaterThanOrEqual(2);
    expect(pages.en).toBeLessThanOrEqual(4);
    expect(pages['cy+en']).toBe(2 * pages.en!);
  });
});
