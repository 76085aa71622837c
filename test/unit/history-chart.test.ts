import { Resvg } from '@resvg/resvg-js';
import { historySvg } from '../../src/channels/shared/history-chart.js';
import { historyImages } from '../../src/channels/shared/history-image.js';
import { chartLabels } from '../../src/channels/shared/history-model.js';
import { FONT_FILES } from '../../src/channels/shared/png.js';
import { historyOf } from '../../src/domain/history.js';
import { spat } from '../support/builders.js';
import { sampleHistory } from '../support/history.js';
import { wording } from '../slack/fixtures.js';

/** The chart as a person sees it: sizes Teams and Slack accept, and Welsh letters drawn. */

function size(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Dark pixels in a word drawn with the shipped font alone. */
function ink(word: string): number {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="60"><text x="10" y="45" font-size="40" font-family="Lato">${word}</text></svg>`;
  const image = new Resvg(svg, { font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'Lato' }, background: '#fff' }).render();
  let dark = 0;
  for (let i = 0; i < image.pixels.length; i += 4) if (image.pixels[i]! < 128) dark++;
  return dark;
}

test('phone and desktop PNGs stay within 1024 pixels a side, the phone one narrower', () => {
  for (const language of ['cy', 'en', 'cy+en'] as const) {
    const p = sampleHistory(language);
    const images = historyImages(wording(language), { framework: spat, history: historyOf(p, spat) });
    const phone = size(images.phone);
    const desktop = size(images.desktop);
    expect(phone.width).toBeLessThan(desktop.width);
    for (const s of [phone, desktop]) expect(Math.max(s.width, s.height)).toBeLessThanOrEqual(1024);
    expect(images.desktop.length).toBeLessThan(1024 * 1024);
  }
});

test('the shipped font draws the Welsh letters, with no system font to fall back on', () => {
  for (const [plain, welsh] of [['w', 'ŵ'], ['y', 'ŷ'], ['a', 'â']] as const) {
    expect(ink(plain)).toBeGreaterThan(50);
    expect(ink(welsh)).toBeGreaterThan(ink(plain));
  }
});

test('a withheld round draws no point and breaks the lines through it', () => {
  const p = sampleHistory('en');
  const history = historyOf(p, spat);
  const svg = historySvg(history, chartLabels(wording('en'), { framework: spat, history }), 'desktop');
  // Round 3 had too few answers: every line stops at round 2 and starts again at round 4, so
  // no segment joins neighbouring rounds through it.
  const segments = (svg.match(/<line x1="[^"]+" y1="[^"]+" x2="[^"]+" y2="[^"]+" stroke="#(?!CBD2DC|4A5568)[0-9A-F]{6}" stroke-width="2.5" stroke-linecap/g) ?? []).length;
  expect(segments).toBe(5);
  expect(history.rounds[2]!.tenths).toEqual([null, null, null, null, null]);
});
