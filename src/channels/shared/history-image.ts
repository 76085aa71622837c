import { historySvg } from './history-chart.js';
import { chartLabels, historyText, type HistoryView } from './history-model.js';
import { svgToPng } from './png.js';
import { label, type Wording } from './wording.js';

/** The history as both channels post it: the chart at two widths, and its figures in words. */
export interface HistoryImages {
  title: string;
  /** A short description of the image, for the image's own alt text. */
  alt: string;
  /** Every figure of the chart written out, one paragraph per locale (lines split by "\n"). */
  text: string[];
  phone: Buffer;
  desktop: Buffer;
}

export function historyImages(w: Wording, view: HistoryView): HistoryImages {
  const labels = chartLabels(w, view);
  return {
    title: labels.title,
    alt: label(w, 'history.alt'),
    text: historyText(w, view),
    phone: svgToPng(historySvg(view.history, labels, 'phone')).png,
    desktop: svgToPng(historySvg(view.history, labels, 'desktop')).png,
  };
}
