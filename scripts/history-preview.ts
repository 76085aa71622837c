/**
 * Draws the history chart (phone and desktop, Welsh, English and both) and the board report
 * from a sample partnership, to files under preview/, for looking at.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { historySvg } from '../src/channels/shared/history-chart.js';
import { chartLabels } from '../src/channels/shared/history-model.js';
import { svgToPng } from '../src/channels/shared/png.js';
import { reportHtml } from '../src/channels/shared/report-html.js';
import { historyOf } from '../src/domain/history.js';
import { LANGUAGES } from '../src/domain/text.js';
import { createTranslator } from '../src/i18n/translator.js';
import { ROOT } from '../src/paths.js';
import { spat } from '../test/support/builders.js';
import { sampleHistory } from '../test/support/history.js';

const outDir = join(ROOT, 'preview');
await mkdir(outDir, { recursive: true });
const t = createTranslator();
const surface = { prefix: () => '@asesu ' };
for (const language of LANGUAGES) {
  const p = sampleHistory(language);
  const w = { t, language, timeZone: 'Europe/London', surface };
  const view = { framework: spat, history: historyOf(p, spat) };
  for (const width of ['phone', 'desktop'] as const) {
    const { png, width: px, height } = svgToPng(historySvg(view.history, chartLabels(w, view), width));
    const file = join(outDir, `history-${language.replace('+', '-')}-${width}.png`);
    await writeFile(file, png);
    console.log(file, `${px}×${height}`, `${Math.round(png.length / 1024)} KB`);
  }
  const last = p.rounds[p.rounds.length - 1]!;
  const html = reportHtml(w, { partnership: p, framework: spat, history: view.history, last: { round: last, summary: last.summary! }, actions: [], madeAt: Date.UTC(2026, 0, 20, 9) });
  const file = join(outDir, `report-${language.replace('+', '-')}.html`);
  await writeFile(file, html);
  console.log(file, `${Math.round(html.length / 1024)} KB`);
}
