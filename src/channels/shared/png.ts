import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { ROOT } from '../../paths.js';
import { CHART_FONT } from './history-chart.js';

/**
 * The font every chart is drawn in, shipped with the project (Lato, SIL Open Font License,
 * see assets/fonts/OFL.txt): it has the Welsh letters (ŵ ŷ â), and no system font is ever
 * read, so a chart looks the same on every machine.
 */
export const FONT_FILES = [join(ROOT, 'assets', 'fonts', 'Lato-Regular.ttf'), join(ROOT, 'assets', 'fonts', 'Lato-Bold.ttf')];

/** Teams shows card images up to 1024 × 1024 pixels. */
const MAX_SIDE = 1024;

/**
 * An SVG drawn as a PNG, at twice its size for sharp text where that stays within
 * 1024 pixels a side, and smaller where it would not.
 */
export function svgToPng(svg: string): { png: Buffer; width: number; height: number } {
  const size = /<svg[^>]*\swidth="(\d+(?:\.\d+)?)"[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svg);
  const width = Number(size?.[1] ?? 800);
  const height = Number(size?.[2] ?? 600);
  const scale = Math.min(2, MAX_SIDE / width, MAX_SIDE / height);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
    background: '#FFFFFF',
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height };
}
