import type { Framework } from '../../domain/framework.js';
import type { History, HistoryRound } from '../../domain/history.js';
import { bandOf, showTenths } from '../../domain/scoring.js';
import { localesOf, type Locale } from '../../domain/text.js';
import type { ChartLabels } from './history-chart.js';
import { label, localised, type Wording } from './wording.js';

/** What `history` shows: the chart's words and the same figures written out. */
export interface HistoryView {
  framework: Framework;
  history: History;
}

/** "3 Mar 2026" in the locale, in the partnership's time zone. */
export function shortDate(locale: Locale, at: number, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'cy' ? 'cy-GB' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(at);
}

/** "03/03/2026" */
export function numericDate(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone }).format(at);
}

/** "5/5 (100%)", or the count alone when the roster was not known. */
export function rateText(round: HistoryRound): string {
  return round.ratePercent === null ? String(round.respondents) : `${round.respondents}/${round.rosterSize} (${round.ratePercent}%)`;
}

/** The chart's words in the wording's language (both, Welsh first, for cy+en). */
export function chartLabels(w: Wording, view: HistoryView): ChartLabels {
  const { history, framework } = view;
  return {
    title: label(w, 'history.title'),
    note: label(w, 'history.note', { min: history.scale.min, max: history.scale.max }),
    bands: { strength: label(w, 'bands.strength'), developing: label(w, 'bands.developing'), priority: label(w, 'bands.priority') },
    rounds: history.rounds.map((r) => ({
      name: label(w, 'history.round', { number: r.number }),
      // Both languages at once get a date in figures, the same in either.
      date: w.language === 'cy+en' ? numericDate(r.closedAt, w.timeZone) : shortDate(w.language, r.closedAt, w.timeZone),
    })),
    roundAxis: label(w, 'history.roundAxis'),
    rate: label(w, 'history.rate'),
    rates: history.rounds.map((r) => (r.ratePercent === null ? String(r.respondents) : `${r.respondents}/${r.rosterSize} · ${r.ratePercent}%`)),
    series: history.characteristicIds.map((id, i) => `${i + 1}. ${localised(w.language, framework.characteristics.find((c) => c.id === id)!.title)}`),
  };
}

/**
 * The text alternative: every figure the chart draws, written out, for screen readers and for
 * anyone whose client does not load the image. One list of paragraphs per locale, Welsh first.
 * It reads the same points as the chart, so it can hold no figure the summaries withheld.
 */
export function historyText(w: Wording, view: HistoryView): string[] {
  const { history, framework } = view;
  return localesOf(w.language).flatMap((l) => {
    const t = (key: string, vars?: Record<string, string | number>) => w.t.t(l, key, vars);
    const round = (r: HistoryRound) => t('history.round', { number: r.number });
    const lines = [
      t('history.title'),
      `${t('history.rounds', { count: history.rounds.length })} ${t('history.bandsText', { strength: showTenths(Math.round(history.bands.strength * 10)), priority: showTenths(Math.round(history.bands.priority * 10)) })}`,
      ...history.characteristicIds.map((id, i) => {
        const title = framework.characteristics.find((c) => c.id === id)!.title[l];
        const entries = history.rounds.map((r) => {
          const tenths = r.tenths[i];
          const value = tenths === null || tenths === undefined ? t('history.tooFew') : `${showTenths(tenths)} (${t(`bands.${bandOf(tenths, history.bands)}`)})`;
          return `${round(r)}: ${value}`;
        });
        return `${i + 1}. ${title} — ${entries.join('; ')}.`;
      }),
      `${t('history.rate')} — ${history.rounds.map((r) => `${round(r)}: ${rateText(r)}`).join('; ')}.`,
    ];
    return [lines.join('\n')];
  });
}
