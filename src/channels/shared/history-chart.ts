import type { History } from '../../domain/history.js';

/** The words a chart shows, already in the partnership's language. */
export interface ChartLabels {
  title: string;
  /** "Scores run from 1 to 5. A gap means too few answered to show a score." */
  note: string;
  bands: { strength: string; developing: string; priority: string };
  /** Under each round on the time axis: "Round 1", then the date it closed. */
  rounds: { name: string; date: string }[];
  /** "Review round": names the time axis where rounds are shown by number alone. */
  roundAxis: string;
  /** "Response rate" */
  rate: string;
  /** Under each round: "5/5 · 100%". */
  rates: string[];
  /** "1. Clear purpose and focus", one per line of the chart. */
  series: string[];
}

/** A point the chart draws: one characteristic's published score in one round. */
export interface ChartPoint {
  series: number;
  round: number;
  tenths: number;
}

export const CHART_WIDTHS = { phone: 420, desktop: 960 } as const;
export type ChartWidth = keyof typeof CHART_WIDTHS;

/** Okabe–Ito colours, told apart with colour-blindness too; the markers differ as well. */
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#8C6D1F'];
const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'down', 'cross'] as const;
const BAND_FILL = { strength: '#E4F3E8', developing: '#EEF1F6', priority: '#FBE9E6' };
const BAND_TEXT = { strength: '#1E6B35', developing: '#4A5568', priority: '#9B2C1A' };
export const CHART_FONT = 'Lato';

/**
 * The points to draw: every score a round's published summary showed, and nothing for one it
 * withheld, so a withheld round is a gap in its line. The chart and its text read these.
 */
export function chartPoints(history: History): ChartPoint[] {
  return history.rounds.flatMap((r, round) => r.tenths.flatMap((tenths, series) => (tenths === null ? [] : [{ series, round, tenths }])));
}

/**
 * The history chart as SVG: a line per characteristic over the closed rounds on the shaded
 * bands, the response rate per round under the time axis, and a legend. Sized for a phone or
 * a desktop; text is set in the font shipped with the project, so every machine draws it alike.
 */
export function historySvg(history: History, labels: ChartLabels, width: ChartWidth = 'desktop'): string {
  const W = CHART_WIDTHS[width];
  const phone = width === 'phone';
  const font = phone ? 12 : 14;
  const pad = phone ? 14 : 24;
  const out: string[] = [];
  let y = pad;

  for (const line of wrap(labels.title, W - 2 * pad, phone ? 17 : 22)) {
    y += phone ? 20 : 26;
    out.push(text(pad, y, line, { size: phone ? 17 : 22, weight: 'bold' }));
  }
  for (const line of wrap(labels.note, W - 2 * pad, font)) {
    y += font + 6;
    out.push(text(pad, y, line, { size: font, fill: '#4A5568' }));
  }
  // A key to the shaded bands, above the plot, where no point can cover it.
  y += phone ? 10 : 14;
  let keyX = pad;
  for (const band of ['strength', 'developing', 'priority'] as const) {
    const words = labels.bands[band];
    const wide = 22 + words.length * font * 0.55 + 16;
    if (keyX > pad && keyX + wide > W - pad) {
      keyX = pad;
      y += font + 10;
    }
    out.push(`<rect x="${r(keyX)}" y="${r(y)}" width="16" height="${font}" fill="${BAND_FILL[band]}" stroke="${BAND_TEXT[band]}" stroke-width="1"/>`);
    out.push(text(keyX + 22, y + font - 2, words, { size: font, fill: BAND_TEXT[band], weight: 'bold' }));
    keyX += wide;
  }
  y += font + (phone ? 14 : 20);

  const axisWidth = phone ? 26 : 34;
  const left = pad + axisWidth;
  const right = W - pad;
  const top = y;
  const plotHeight = phone ? 220 : 300;
  const bottom = top + plotHeight;
  const { min, max } = history.scale;
  const yOf = (value: number) => bottom - ((value - min) / (max - min)) * plotHeight;
  const n = history.rounds.length;
  const step = (right - left) / Math.max(n, 1);
  const xOf = (i: number) => left + step * (i + 0.5);

  // Bands, from the framework's thresholds on the shown (one-decimal) score.
  const bandRows: [keyof typeof BAND_FILL, number, number][] = [
    ['strength', history.bands.strength, max],
    ['developing', history.bands.priority, history.bands.strength],
    ['priority', min, history.bands.priority],
  ];
  for (const [band, from, to] of bandRows) {
    if (to <= from) continue;
    out.push(`<rect x="${left}" y="${r(yOf(to))}" width="${r(right - left)}" height="${r(yOf(from) - yOf(to))}" fill="${BAND_FILL[band]}"/>`);
  }
  for (let v = Math.ceil(min); v <= max; v++) {
    out.push(`<line x1="${left}" y1="${r(yOf(v))}" x2="${right}" y2="${r(yOf(v))}" stroke="#CBD2DC" stroke-width="1"/>`);
    out.push(text(left - 8, yOf(v) + font / 3, String(v), { size: font, anchor: 'end', fill: '#4A5568' }));
  }
  out.push(`<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#4A5568" stroke-width="1.5"/>`);

  // Lines: a segment joins two rounds only when both showed a score; a withheld round breaks the line.
  const points = chartPoints(history);
  history.characteristicIds.forEach((_, series) => {
    const colour = COLOURS[series % COLOURS.length]!;
    const mine = new Map(points.filter((p) => p.series === series).map((p) => [p.round, p.tenths]));
    for (let i = 0; i + 1 < n; i++) {
      const a = mine.get(i);
      const b = mine.get(i + 1);
      if (a === undefined || b === undefined) continue;
      out.push(`<line x1="${r(xOf(i))}" y1="${r(yOf(a / 10))}" x2="${r(xOf(i + 1))}" y2="${r(yOf(b / 10))}" stroke="${colour}" stroke-width="${phone ? 2 : 2.5}" stroke-linecap="round"/>`);
    }
    for (const [i, tenths] of mine) out.push(marker(MARKERS[series % MARKERS.length]!, xOf(i), yOf(tenths / 10), phone ? 4 : 5, colour));
  });

  // The time axis: round names and dates, then the response rate of each.
  y = bottom + font + 8;
  const nameOf = (i: number) => (phone ? String(history.rounds[i]!.number) : labels.rounds[i]!.name);
  const widest = Math.max(...history.rounds.map((_, i) => Math.max(nameOf(i).length, labels.rounds[i]!.date.length, labels.rates[i]!.length)), 1);
  const every = Math.max(1, Math.ceil((n * (widest * (font - 1) * 0.55 + 14)) / (right - left)));
  // Counted from the last round, which is always labelled, so labels never run into each other.
  const labelled = (i: number) => (n - 1 - i) % every === 0;
  history.rounds.forEach((_, i) => {
    if (!labelled(i)) return;
    out.push(text(xOf(i), y, nameOf(i), { size: font, anchor: 'middle', weight: 'bold' }));
    out.push(text(xOf(i), y + font + 3, labels.rounds[i]!.date, { size: font - 2, anchor: 'middle', fill: '#4A5568' }));
  });
  y += 2 * font + 10;
  if (phone) {
    y += font;
    out.push(text((left + right) / 2, y, labels.roundAxis, { size: font - 1, anchor: 'middle', fill: '#4A5568' }));
    y += 8;
  }
  y += 12;
  out.push(text(pad, y, labels.rate, { size: font, weight: 'bold' }));
  y += 6;
  const rateHeight = phone ? 26 : 32;
  history.rounds.forEach((round, i) => {
    const barWidth = Math.min(step * 0.6, 48);
    const share = round.ratePercent === null ? 0 : Math.min(round.ratePercent, 100) / 100;
    out.push(`<rect x="${r(xOf(i) - barWidth / 2)}" y="${r(y)}" width="${r(barWidth)}" height="${rateHeight}" fill="#EEF1F6"/>`);
    out.push(`<rect x="${r(xOf(i) - barWidth / 2)}" y="${r(y + rateHeight * (1 - share))}" width="${r(barWidth)}" height="${r(rateHeight * share)}" fill="${round.enough ? '#4A6FA5' : '#A0AEC0'}"/>`);
    if (labelled(i)) out.push(text(xOf(i), y + rateHeight + font + 4, labels.rates[i]!, { size: font - 2, anchor: 'middle' }));
  });
  y += rateHeight + font + 20;

  // Legend: marker, colour and the characteristic's number and name.
  const columns = phone ? 1 : 2;
  const columnWidth = (W - 2 * pad) / columns;
  let rowTop = y;
  labels.series.forEach((name, series) => {
    const column = series % columns;
    if (column === 0 && series > 0) rowTop = y;
    const x = pad + column * columnWidth;
    const lines = wrap(name, columnWidth - 40, font);
    const colour = COLOURS[series % COLOURS.length]!;
    out.push(`<line x1="${x}" y1="${r(rowTop + font / 2)}" x2="${x + 24}" y2="${r(rowTop + font / 2)}" stroke="${colour}" stroke-width="2.5"/>`);
    out.push(marker(MARKERS[series % MARKERS.length]!, x + 12, rowTop + font / 2, phone ? 4 : 5, colour));
    lines.forEach((line, j) => out.push(text(x + 32, rowTop + font - 1 + j * (font + 4), line, { size: font })));
    y = Math.max(y, rowTop + lines.length * (font + 4) + 6);
  });
  const height = Math.ceil(y + pad / 2);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="${CHART_FONT}" role="img">`,
    `<rect width="${W}" height="${height}" fill="#FFFFFF"/>`,
    ...out,
    '</svg>',
  ].join('\n');
}

function marker(kind: (typeof MARKERS)[number], x: number, y: number, size: number, colour: string): string {
  const s = size;
  const fill = `fill="${colour}" stroke="#FFFFFF" stroke-width="1"`;
  switch (kind) {
    case 'circle':
      return `<circle cx="${r(x)}" cy="${r(y)}" r="${s}" ${fill}/>`;
    case 'square':
      return `<rect x="${r(x - s)}" y="${r(y - s)}" width="${2 * s}" height="${2 * s}" ${fill}/>`;
    case 'triangle':
      return `<polygon points="${r(x)},${r(y - s - 1)} ${r(x + s + 1)},${r(y + s)} ${r(x - s - 1)},${r(y + s)}" ${fill}/>`;
    case 'diamond':
      return `<polygon points="${r(x)},${r(y - s - 1)} ${r(x + s + 1)},${r(y)} ${r(x)},${r(y + s + 1)} ${r(x - s - 1)},${r(y)}" ${fill}/>`;
    case 'down':
      return `<polygon points="${r(x - s - 1)},${r(y - s)} ${r(x + s + 1)},${r(y - s)} ${r(x)},${r(y + s + 1)}" ${fill}/>`;
    case 'cross':
      return `<path d="M${r(x - s)} ${r(y - s)}L${r(x + s)} ${r(y + s)}M${r(x + s)} ${r(y - s)}L${r(x - s)} ${r(y + s)}" stroke="${colour}" stroke-width="2.5"/>`;
  }
}

function text(x: number, y: number, content: string, o: { size: number; weight?: 'bold'; anchor?: 'start' | 'middle' | 'end'; fill?: string }): string {
  const attrs = [`x="${r(x)}"`, `y="${r(y)}"`, `font-size="${o.size}"`];
  if (o.weight) attrs.push(`font-weight="${o.weight}"`);
  if (o.anchor && o.anchor !== 'start') attrs.push(`text-anchor="${o.anchor}"`);
  attrs.push(`fill="${o.fill ?? '#1A202C'}"`);
  return `<text ${attrs.join(' ')}>${escapeXml(content)}</text>`;
}

/** Lines of at most about `width` pixels, by Lato's average letter width. */
export function wrap(content: string, width: number, size: number): string[] {
  const perLine = Math.max(8, Math.floor(width / (size * 0.52)));
  const lines: string[] = [];
  let line = '';
  for (const word of content.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > perLine) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function r(value: number): string {
  return String(Math.round(value * 10) / 10);
}
