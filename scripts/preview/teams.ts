import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { Language } from '../../src/domain/text.js';
import { everyCard } from '../../test/teams/samples.js';

/** Widths: a card in a Teams channel on a desktop, a medium dialog, and a phone. */
const DESKTOP = { channel: 560, dialog: 600 };
const PHONE = 360;
const DIALOG_CARDS = new Set(['page-first', 'page-middle', 'page-problems', 'review', 'message', 'page-actions', 'agree', 'agree-problems']);

/** A host config close to Teams' light theme, so the PNGs look like what partners see. */
const HOST_CONFIG = {
  fontFamily: "'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif",
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E0E0E0' },
  fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: {
      backgroundColor: '#FFFFFF',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        accent: { default: '#4F52B2', subtle: '#4F52B2' },
        good: { default: '#0E7A0B', subtle: '#0E7A0B' },
        warning: { default: '#8A5700', subtle: '#8A5700' },
        attention: { default: '#C4314B', subtle: '#C4314B' },
        dark: { default: '#242424', subtle: '#616161' },
        light: { default: '#FFFFFF', subtle: '#F5F5F5' },
      },
    },
    emphasis: { backgroundColor: '#F5F5F5', foregroundColors: { default: { default: '#242424', subtle: '#616161' } } },
    good: { backgroundColor: '#E7F2DA', foregroundColors: { default: { default: '#242424', subtle: '#616161' } } },
    attention: { backgroundColor: '#FCF4F6', foregroundColors: { default: { default: '#242424', subtle: '#616161' } } },
    warning: { backgroundColor: '#FBF6D9', foregroundColors: { default: { default: '#242424', subtle: '#616161' } } },
    accent: { backgroundColor: '#E8EBFA', foregroundColors: { default: { default: '#242424', subtle: '#616161' } } },
  },
  actions: { maxActions: 6, spacing: 'default', buttonSpacing: 8, actionsOrientation: 'horizontal', actionAlignment: 'left', showCard: { actionMode: 'inline' } },
  inputs: { label: { inputSpacing: 'small', requiredInputs: { weight: 'bolder', suffix: ' *' }, optionalInputs: { weight: 'bolder' } }, errorMessage: { size: 'small', color: 'attention' } },
  supportsInteractivity: true,
};

const PAGE_CSS = `
  body { margin: 0; background: #EBEBEB; font-family: 'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif; }
  #frame { box-sizing: border-box; padding: 12px; }
  #card { background: #fff; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.2); overflow: hidden; }
  .ac-pushButton { border: 1px solid #D1D1D1; border-radius: 4px; color: #242424; background: #fff; min-height: 32px; padding: 5px 12px; }
  .ac-pushButton.style-positive { background: #5B5FC7; border-color: #5B5FC7; color: #fff; }
  .ac-input { font-family: inherit; font-size: 14px; }
  .ac-input.ac-textInput, .ac-input.ac-multichoiceInput { border: 1px solid #D1D1D1; border-radius: 4px; padding: 6px; }
  textarea.ac-input { min-height: 64px; }
`;

/**
 * Runs in the page (kept as text: this project compiles without the DOM's types). Renders the
 * card with the adaptivecards library and reports any element whose content overflows its box.
 */
const RENDER_IN_PAGE = `(card, hostConfig) => {
  const target = document.getElementById('card');
  target.innerHTML = '';
  const adaptive = new AdaptiveCards.AdaptiveCard();
  adaptive.hostConfig = new AdaptiveCards.HostConfig(hostConfig);
  adaptive.parse(card);
  const element = adaptive.render();
  if (!element) return 'nothing rendered';
  target.appendChild(element);
  return [...target.querySelectorAll('*')]
    .filter((e) => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
    .map((e) => e.className + ': ' + (e.textContent || '').slice(0, 40))
    .join('; ');
}`;

/** Renders every Teams card, in Welsh and English, at desktop and phone width; returns the PNG files. */
export async function render(browser: Browser, outDir: string): Promise<string[]> {
  const library = createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.min.js');
  const files: string[] = [];
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  try {
    await page.setContent(`<html><head><style>${PAGE_CSS}</style></head><body><div id="frame"><div id="card"></div></div></body></html>`);
    await page.addScriptTag({ path: library });
    for (const language of ['cy', 'en'] satisfies Language[]) {
      for (const [name, card] of Object.entries(everyCard(language))) {
        if (name === 'summary-largest') continue;
        for (const [device, width] of [['desktop', DIALOG_CARDS.has(name) ? DESKTOP.dialog : DESKTOP.channel], ['phone', PHONE]] as const) {
          await page.setViewportSize({ width, height: 800 });
          const problems = await page.evaluate(`(${RENDER_IN_PAGE})(${JSON.stringify(card)}, ${JSON.stringify(HOST_CONFIG)})`);
          if (typeof problems === 'string' && problems) console.warn(`teams ${name} ${language} ${device}: clipped? ${problems}`);
          const file = join(outDir, `teams-${name}-${language}-${device}.png`);
          await page.locator('#frame').screenshot({ path: file });
          files.push(file);
        }
      }
    }
  } finally {
    await page.close();
  }
  return files;
}
