import { bandOf, showTenths } from '../../domain/scoring.js';
import { localesOf, type Locale } from '../../domain/text.js';
import type { ReportAction, ReportView } from '../../services/ports.js';
import { escapeXml, historySvg } from './history-chart.js';
import { chartLabels, rateText, shortDate } from './history-model.js';
import { summaryModel } from './summary-model.js';
import { names, type Wording } from './wording.js';

/**
 * The board report (SPEC §12): one self-contained HTML file, charts inline as SVG, laid out
 * for A4 when printed. Each locale of the partnership's language in turn, Welsh first, each
 * starting on a new page. Every figure comes from the published summaries, as in the channel.
 * Partners' comments stay out: board papers travel further than the partnership's channel.
 */
export function reportHtml(w: Wording, view: ReportView): string {
  const locales = localesOf(w.language);
  const title = locales.map((l) => w.t.t(l, 'report.title')).join(' / ');
  return [
    '<!DOCTYPE html>',
    `<html lang="${locales[0]}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}: ${esc(view.partnership.name ?? '')}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...locales.map((l) => section({ ...w, language: l }, l, view)),
    '</body>',
    '</html>',
  ].join('\n');
}

const STYLE = `
@page { size: A4; margin: 16mm 15mm; }
* { box-sizing: border-box; }
body { font-family: Lato, "Segoe UI", Arial, Helvetica, sans-serif; color: #1A202C; line-height: 1.45; margin: 0 auto; max-width: 190mm; padding: 16px; font-size: 11pt; }
article + article { break-before: page; margin-top: 32px; }
h1 { font-size: 20pt; margin: 0 0 4px; }
h2 { font-size: 14pt; margin: 22px 0 8px; border-bottom: 2px solid #4A6FA5; padding-bottom: 2px; break-after: avoid; }
h3 { font-size: 12pt; margin: 14px 0 6px; break-after: avoid; }
.lead { color: #4A5568; margin: 0 0 12px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; break-inside: avoid; font-size: 10pt; }
th, td { border-bottom: 1px solid #CBD2DC; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #EEF1F6; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.strength { color: #1E6B35; }
.developing { color: #2D3748; }
.priority { color: #9B2C1A; }
.withheld { color: #718096; font-style: italic; }
figure { margin: 0; break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figure svg text { font-family: Lato, "Segoe UI", Arial, Helvetica, sans-serif; }
ul { margin: 4px 0; padding-left: 20px; }
.note { color: #4A5568; font-size: 9.5pt; }
footer { margin-top: 20px; border-top: 1px solid #CBD2DC; padding-top: 6px; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; } }
`;

function section(w: Wording, l: Locale, view: ReportView): string {
  const t = (key: string, vars?: Record<string, string | number>) => w.t.t(l, key, vars);
  const { partnership: p, framework, history, last } = view;
  const titleOf = (id: string) => framework.characteristics.find((c) => c.id === id)?.title[l] ?? id;
  const labels = chartLabels(w, { framework, history });
  const svg = historySvg(history, labels, 'desktop').replace('role="img"', `role="img" aria-label="${esc(t('history.alt'))}"`);
  const round = (n: number) => t('history.round', { number: n });
  const m = summaryModel(w, { partnership: p, round: last.round, framework, summary: last.summary });

  const scores = [
    '<table>',
    `<thead><tr><th scope="col">${esc(t('report.characteristic'))}</th>${history.rounds.map((r) => `<th scope="col" class="num">${esc(round(r.number))}<br><span class="note">${esc(shortDate(l, r.closedAt, w.timeZone))}</span></th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...history.characteristicIds.map((id, i) => {
      const cells = history.rounds.map((r) => {
        const tenths = r.tenths[i];
        if (tenths === null || tenths === undefined) return `<td class="num withheld">${esc(t('history.tooFew'))}</td>`;
        const band = bandOf(tenths, history.bands);
        return `<td class="num ${band}"><strong>${showTenths(tenths)}</strong><br>${esc(t(`bands.${band}`))}</td>`;
      });
      return `<tr><th scope="row">${i + 1}. ${esc(titleOf(id))}</th>${cells.join('')}</tr>`;
    }),
    `<tr><th scope="row">${esc(t('history.rate'))}</th>${history.rounds.map((r) => `<td class="num">${esc(rateText(r))}</td>`).join('')}</tr>`,
    '</tbody>',
    '</table>',
  ].join('\n');

  const latest = m.tooFew
    ? `<p>${m.tooFew.map(esc).join(' ')}</p>`
    : [
        '<table>',
        `<thead><tr><th scope="col">${esc(m.headings.characteristics)}</th><th scope="col" class="num">${esc(m.headings.score)}</th><th scope="col">${esc(t('report.band'))}</th><th scope="col" class="num">${esc(m.headings.trend)}</th><th scope="col">${esc(t('report.counts'))}</th></tr></thead>`,
        '<tbody>',
        ...m.rows.map((r, i) =>
          r.tooFew !== undefined
            ? `<tr><th scope="row">${i + 1}. ${esc(r.title)}</th><td colspan="4" class="withheld">${esc(r.tooFew)}</td></tr>`
            : `<tr><th scope="row">${i + 1}. ${esc(r.title)}</th><td class="num"><strong>${r.score}</strong></td><td class="${r.band}">${esc(r.bandLabel)}</td><td class="num">${esc(r.trend ?? '—')}</td><td>${esc(r.counts)}<br><span class="note">${esc(m.scale.join(' · '))}: ${r.distribution.join(' · ')}</span></td></tr>`,
        ),
        '</tbody>',
        '</table>',
        `<h3>${esc(m.strengths.heading)}</h3>${list(m.strengths.items, m.strengths.empty)}`,
        `<h3>${esc(m.priorities.heading)}</h3>${list(m.priorities.items, m.priorities.empty)}`,
        `<h3>${esc(m.divided.heading)}</h3>`,
        `<p class="note">${m.divided.intro.map(esc).join(' ')}</p>`,
        m.divided.items.length ? `<ul>${m.divided.items.map((d) => `<li>${esc(d.statement)} <span class="note">(${esc(d.characteristic)} · ${esc(d.counts)})</span></li>`).join('')}</ul>` : `<p>${esc(m.divided.empty)}</p>`,
        m.groups ? groups(m.groups) : '',
      ].join('\n');

  return [
    `<article lang="${l}">`,
    '<header>',
    `<h1>${esc(t('report.title'))}</h1>`,
    `<p class="lead">${esc(p.name ?? t('report.unnamed'))} · ${esc(t('report.made', { date: shortDate(l, view.madeAt, w.timeZone) }))}</p>`,
    '<dl class="facts">',
    `<dt>${esc(t('report.partnership'))}</dt><dd>${esc(p.name ?? t('report.unnamed'))}</dd>`,
    `<dt>${esc(t('report.language'))}</dt><dd>${esc(t(`language.names.${p.settings.language}`))}</dd>`,
    `<dt>${esc(t('report.secretariat'))}</dt><dd>${esc(names(p.secretariat))}</dd>`,
    `<dt>${esc(t('report.threshold'))}</dt><dd>${p.settings.k}. ${esc(t('report.thresholdNote'))}</dd>`,
    `<dt>${esc(t('report.roundsLabel'))}</dt><dd>${history.rounds.length}</dd>`,
    '</dl>',
    '</header>',
    `<h2>${esc(t('history.title'))}</h2>`,
    `<figure>${svg}</figure>`,
    `<h2>${esc(t('report.scores'))}</h2>`,
    scores,
    `<h2>${esc(t('report.latest', { number: last.round.number }))}</h2>`,
    `<p class="lead">${esc(t('report.closed', { date: shortDate(l, last.round.closedAt ?? view.madeAt, w.timeZone) }))} · ${esc(m.responseRate)}</p>`,
    latest,
    actionsSection(w, l, view.actions),
    `<footer class="note">${esc(t('report.source'))}</footer>`,
    '</article>',
  ].join('\n');
}

function groups(g: NonNullable<ReturnType<typeof summaryModel>['groups']>): string {
  const characteristics = g.items[0]?.scores.map((s) => s.characteristic) ?? [];
  return [
    `<h3>${esc(g.heading)}</h3>`,
    g.items.length
      ? [
          '<table>',
          `<thead><tr><th scope="col"></th>${characteristics.map((_, i) => `<th scope="col" class="num">${i + 1}</th>`).join('')}</tr></thead>`,
          `<tbody>${g.items.map((item) => `<tr><th scope="row">${esc(item.label)}</th>${item.scores.map((s) => `<td class="num">${esc(s.score)}</td>`).join('')}</tr>`).join('')}</tbody>`,
          '</table>',
        ].join('\n')
      : '',
    g.gap ? `<p>${esc(g.gap)}</p>` : '',
    g.note ? `<p class="note">${esc(g.note)}</p>` : '',
  ].join('\n');
}

/**
 * The agreed actions and their status: the hook for SPEC §12's actions. Nothing at all when
 * there are none, so a report made before any action was agreed has no empty heading.
 */
export function actionsSection(w: Wording, l: Locale, actions: readonly ReportAction[]): string {
  if (!actions.length) return '';
  const t = (key: string) => w.t.t(l, key);
  return [
    `<h2>${esc(t('report.actions'))}</h2>`,
    '<ul>',
    ...actions.map((a) => `<li>${esc(a.text)}${a.owner ? ` <span class="note">(${esc(a.owner)})</span>` : ''}${a.due !== undefined ? ` <span class="note">${esc(shortDate(l, a.due, w.timeZone))}</span>` : ''} — ${esc(t(`report.status.${a.status}`))}</li>`),
    '</ul>',
  ].join('\n');
}

function list(items: string[], empty: string): string {
  return items.length ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : `<p>${esc(empty)}</p>`;
}

function esc(value: string): string {
  return escapeXml(value);
}
