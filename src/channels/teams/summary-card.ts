import type { ScaleOption } from '../../domain/framework.js';
import type { SummaryView } from '../../services/ports.js';
import { summaryModel, type SummaryModel } from '../shared/summary-model.js';
import { label, type Wording } from '../shared/wording.js';
import { VERB } from './actions.js';
import { attachment, expandCard, type CardJson } from './cards.js';
import { plain } from './escape.js';

/**
 * Teams refuses bot messages above about 28 KB; newer documentation counts 40 KB of UTF-16.
 * The summary stays inside both, with room for the activity around the card.
 */
export const MESSAGE_BUDGET = { utf8Bytes: 26_000, utf16Bytes: 38_000 } as const;

/** Whether a serialised message fits Teams' size limit. */
export function fitsTeams(json: string): boolean {
  return Buffer.byteLength(json, 'utf8') <= MESSAGE_BUDGET.utf8Bytes && json.length * 2 <= MESSAGE_BUDGET.utf16Bytes;
}

const BAR_CELLS = 20;
/** Divided views shown before the rest are counted: the agenda stays readable and comments keep room. */
const DIVIDED_SHOWN = 8;
/** When space is short, divided views give way down to this many so that some comments show. */
const DIVIDED_KEPT = 3;
const COMMENTS_WANTED = 5;
// Red, amber, green: readable at a glance in both Teams themes, with no other styling to add bytes.
const SIDE_COLOR: Record<ScaleOption['side'], string> = { disagree: 'Attention', neutral: 'Warning', agree: 'Good' };
const BAND_COLOR = { strength: 'Good', developing: 'Accent', priority: 'Warning' } as const;

/**
 * A distribution as a bar of 20 cells coloured by the side of the scale (largest remainders,
 * so the cells add up), one run per side. The counts line under it gives the exact numbers.
 */
export function distributionBar(distribution: readonly number[], options: readonly ScaleOption[]): { text: string; color: string }[] {
  const total = distribution.reduce((a, b) => a + b, 0);
  if (total === 0) return [{ text: '░'.repeat(BAR_CELLS), color: 'Default' }];
  const exact = distribution.map((n) => (n * BAR_CELLS) / total);
  const cells = exact.map(Math.floor);
  let left = BAR_CELLS - cells.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    cells[i]!++;
    left--;
  }
  const runs: { text: string; color: string }[] = [];
  cells.forEach((n, i) => {
    if (!n) return;
    const color = SIDE_COLOR[options[i]?.side ?? 'neutral'];
    const last = runs[runs.length - 1];
    if (last && last.color === color) last.text += '█'.repeat(n);
    else runs.push({ text: '█'.repeat(n), color });
  });
  return runs;
}

/**
 * The summary card (SPEC §5), cut to fit one Teams message: at most eight divided views, then
 * comments dropped from the end with a count of those left out (the export has them all), and
 * if even that is too long, fewer divided views.
 */
export function summaryCard(w: Wording, view: SummaryView): { card: CardJson; commentsShown: number; commentsLeftOut: number } {
  const m = summaryModel(w, view);
  const comments = m.comments.items.length;
  const divided = Math.min(m.divided.items.length, DIVIDED_SHOWN);
  const build = (c: number, d: number) => expandCard('summary', data(w, view, m, c, d));
  const fits = (card: CardJson) => fitsTeams(JSON.stringify({ type: 'message', attachments: [attachment(card)] }));

  let card = build(comments, divided);
  if (fits(card)) return { card, commentsShown: comments, commentsLeftOut: 0 };
  let d = divided;
  let c = largestFitting(comments, (n) => fits(build(n, d)));
  while (c < Math.min(COMMENTS_WANTED, comments) && d > Math.min(DIVIDED_KEPT, divided)) {
    d--;
    c = largestFitting(comments, (n) => fits(build(n, d)));
  }
  if (!fits(build(c, d))) {
    c = 0;
    d = largestFitting(d, (n) => fits(build(0, n)));
  }
  card = build(c, d);
  return { card, commentsShown: c, commentsLeftOut: comments - c };
}

/** The largest n in 0..max with ok(n), for an ok that holds up to some point and fails after. */
function largestFitting(max: number, ok: (n: number) => boolean): number {
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function data(w: Wording, view: SummaryView, m: SummaryModel, commentCount: number, dividedCount: number): object {
  const options = view.framework.scale.options;
  const commentsLeft = m.comments.items.length - commentCount;
  const dividedLeft = m.divided.items.length - dividedCount;
  return {
    title: m.title,
    tooFew: m.tooFew !== undefined,
    tooFewText: m.tooFew ?? [],
    headings: m.headings,
    // Rows are numbered so that each group's scores can refer to them briefly: "1: 3.7 · 2: 2.4".
    rows: m.rows.map((r, i) =>
      r.tooFew !== undefined
        ? { title: `${i + 1}. ${r.title}`, shown: false, score: '', bandLabel: '', bandColor: 'Default', trend: '', actionsDone: r.actionsDone ? plain(r.actionsDone) : '', tooFewAnswers: r.tooFew, bar: [], counts: '' }
        : {
            title: `${i + 1}. ${r.title}`,
            shown: true,
            score: r.score,
            bandLabel: r.bandLabel,
            bandColor: BAND_COLOR[r.band],
            trend: r.trend ?? '',
            actionsDone: r.actionsDone ? plain(r.actionsDone) : '',
            tooFewAnswers: '',
            bar: distributionBar(r.distribution, options),
            counts: `${r.distribution.join(' · ')}  —  ${r.counts}`,
          },
    ),
    strengths: { heading: m.strengths.heading, lines: bullets(m.strengths.items, m.strengths.empty) },
    priorities: { heading: m.priorities.heading, lines: bullets(m.priorities.items, m.priorities.empty) },
    divided: {
      heading: m.divided.heading,
      intro: m.divided.intro,
      items: m.divided.items.slice(0, dividedCount).map((d) => ({ statement: d.statement, detail: `${d.characteristic} · ${d.counts}` })),
      none: m.divided.items.length === 0 ? m.divided.empty : dividedLeft > 0 ? label(w, 'teams.summary.dividedMore', { count: dividedLeft }) : '',
    },
    hasGroups: m.groups !== undefined,
    groups: m.groups
      ? {
          heading: m.groups.heading,
          items: m.groups.items.map((g) => ({ label: plain(g.label), scores: g.scores.map((s, i) => `${i + 1}: ${s.score}`).join(' · ') })),
          gap: m.groups.gap ? plain(m.groups.gap) : '',
          note: m.groups.note ?? '',
        }
      : { heading: '', items: [], gap: '', note: '' },
    comments: {
      heading: m.comments.heading,
      items: m.comments.items.slice(0, commentCount).map((c) => ({ characteristic: c.characteristic, text: plain(c.text) })),
      note: m.comments.items.length === 0 ? m.comments.empty : commentsLeft > 0 ? m.more(commentsLeft) : '',
    },
    responseRate: m.responseRate,
    historyButton: label(w, 'history.button'),
    historyVerb: VERB.history,
    agree: { shown: true, title: label(w, 'actions.agree.button'), verb: VERB.agree, roundId: view.round.id },
  };
}

function bullets(items: string[], empty: string): string[] {
  return items.length ? items.map((i) => `• ${i}`) : [empty];
}
