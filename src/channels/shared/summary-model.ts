import type { Band } from '../../domain/scoring.js';
import { showTenths } from '../../domain/scoring.js';
import type { SummaryView } from '../../services/ports.js';
import { doneBeside } from './actions-model.js';
import { label, localised, perLocale, trendText, type Wording } from './wording.js';

/** A characteristic the disclosure rule published: its figures, never any for one it withheld. */
export interface ShownRow {
  id: string;
  title: string;
  /** "3.3" */
  score: string;
  band: Band;
  bandLabel: string;
  /** Answers per scale option, in the framework's order. */
  distribution: number[];
  /** "Answered: 7 · Don't know: 2" */
  counts: string;
  /** "▲ 0.3" */
  trend?: string;
  /** "Actions done since the last round: …" (typed text: render it inert). */
  actionsDone?: string;
  tooFew?: undefined;
}

/** A characteristic too few answered: its title and "Too few answers", and no figure (actions done are not answers). */
export interface WithheldRow {
  id: string;
  title: string;
  tooFew: string;
  actionsDone?: string;
  score?: undefined;
}

export type SummaryRow = ShownRow | WithheldRow;

/** What the summary says, on either platform: SPEC §5, in the partnership's language. */
export interface SummaryModel {
  title: string;
  responseRate: string;
  /** When fewer than k answered: the only thing shown besides the count. */
  tooFew?: string[];
  headings: { characteristics: string; score: string; trend: string; distribution: string };
  scale: string[];
  rows: SummaryRow[];
  strengths: { heading: string; items: string[]; empty: string };
  priorities: { heading: string; items: string[]; empty: string };
  divided: { heading: string; intro: string[]; items: { statement: string; characteristic: string; counts: string }[]; empty: string };
  groups?: { heading: string; items: { label: string; scores: { characteristic: string; score: string }[] }[]; gap?: string; note?: string };
  comments: { heading: string; items: { characteristic: string; text: string }[]; empty: string };
  /** "…and 12 more comments. The secretariat's export has them all." */
  more(count: number): string;
}

export function summaryModel(w: Wording, view: SummaryView): SummaryModel {
  const { summary, framework, round } = view;
  const titleOf = (id: string) => localised(w.language, framework.characteristics.find((c) => c.id === id)?.title ?? { en: id, cy: id });
  const done = doneBeside(w, view.partnership, round);
  const percent = summary.rosterSize ? Math.round((100 * summary.respondents) / summary.rosterSize) : 0;
  const scoreOf = (id: string) => {
    const row = summary.characteristics.find((c) => c.id === id);
    return row?.shown ? ` (${showTenths(row.tenths)})` : '';
  };
  const model: SummaryModel = {
    title: label(w, 'summary.title', { number: round.number }),
    responseRate: `${label(w, 'summary.responseRate')}: ${summary.respondents}/${summary.rosterSize} (${percent}%)`,
    headings: {
      characteristics: label(w, 'summary.characteristics'),
      score: label(w, 'summary.score'),
      trend: label(w, 'summary.trend'),
      distribution: label(w, 'summary.distribution', (l) => ({
        first: framework.scale.options[0]!.label[l],
        last: framework.scale.options[framework.scale.options.length - 1]!.label[l],
      })),
    },
    scale: framework.scale.options.map((o) => localised(w.language, o.label)),
    rows: summary.characteristics.map((c): SummaryRow => {
      const actionsDone = done.has(c.id) ? { actionsDone: done.get(c.id)! } : {};
      if (!c.shown) return { id: c.id, title: titleOf(c.id), tooFew: label(w, 'summary.tooFewAnswers'), ...actionsDone };
      const trend = trendText(c.trendTenths);
      return {
        id: c.id,
        title: titleOf(c.id),
        score: showTenths(c.tenths),
        band: c.band,
        bandLabel: label(w, `bands.${c.band}`),
        distribution: c.distribution,
        counts: `${label(w, 'summary.answered')}: ${c.answering} · ${label(w, 'summary.dontKnow')}: ${c.dontKnow}`,
        ...(trend ? { trend } : {}),
        ...actionsDone,
      };
    }),
    strengths: { heading: label(w, 'summary.strengths'), items: summary.strengths.map((id) => `${titleOf(id)}${scoreOf(id)}`), empty: label(w, 'summary.noneThisRound') },
    priorities: { heading: label(w, 'summary.priorities'), items: summary.priorities.map((id) => `${titleOf(id)}${scoreOf(id)}`), empty: label(w, 'summary.noneThisRound') },
    divided: {
      heading: label(w, 'summary.divided'),
      intro: perLocale(w.language, (l) => w.t.t(l, 'summary.dividedIntro')),
      items: summary.divided.map((d) => {
        const c = framework.characteristics.find((x) => x.id === d.characteristicId);
        const s = c?.statements.find((x) => x.id === d.statementId);
        return {
          statement: s ? localised(w.language, s.text) : d.statementId,
          characteristic: titleOf(d.characteristicId),
          counts: `${label(w, 'summary.agree')}: ${d.agree} · ${label(w, 'summary.disagree')}: ${d.disagree}`,
        };
      }),
      empty: label(w, 'summary.noDivided'),
    },
    comments: {
      heading: label(w, 'summary.comments'),
      items: summary.characteristics.flatMap((c) => (c.shown ? c.comments.map((text) => ({ characteristic: titleOf(c.id), text })) : [])),
      empty: label(w, 'summary.noComments'),
    },
    more: (count) => w.t.text(w.language, 'summary.commentsMore', { count }, ' / '),
  };
  if (!summary.enough) model.tooFew = perLocale(w.language, (l) => w.t.t(l, 'summary.tooFew', { respondents: summary.respondents, k: summary.k }));
  if (summary.groups) {
    const g = summary.groups;
    const gap = g.gap;
    const labelOf = (id: string) => g.shown.find((x) => x.id === id)?.label ?? id;
    const scoreIn = (groupId: string, characteristicId: string) => {
      const tenths = g.shown.find((x) => x.id === groupId)?.tenths[characteristicId];
      return tenths == null ? '—' : showTenths(tenths);
    };
    model.groups = {
      heading: label(w, 'summary.groups'),
      items: g.shown.map((group) => ({
        label: `${group.label} (${label(w, 'summary.answered')}: ${group.respondents})`,
        scores: framework.characteristics.map((c) => ({ characteristic: titleOf(c.id), score: scoreIn(group.id, c.id) })),
      })),
      ...(gap
        ? { gap: `${label(w, 'summary.gap')}: ${titleOf(gap.characteristicId)}. ${labelOf(gap.high)} ${scoreIn(gap.high, gap.characteristicId)}, ${labelOf(gap.low)} ${scoreIn(gap.low, gap.characteristicId)}.` }
        : {}),
    };
    if (!g.shown.length) model.groups.note = label(w, 'summary.groupsNone');
    else if (g.withheld) model.groups.note = label(w, 'summary.groupsWithheld');
  }
  return model;
}
