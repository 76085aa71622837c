import { localDay } from '../domain/calendar.js';
import type { Framework } from '../domain/framework.js';
import type { Action } from '../domain/model.js';
import { showTenths } from '../domain/scoring.js';
import type { Summary } from '../domain/summary.js';
import type { Locale } from '../domain/text.js';
import type { Translator } from '../i18n/translator.js';

/**
 * The CSV of a closed round: one row per characteristic and per statement, then the comments.
 * Aggregates only, never a row per member, and only what the round's published summary holds:
 * nothing is counted again from the answers, so the export says exactly what the summary
 * said when the round closed, whatever "forget me" has erased since.
 */
export function exportCsv(t: Translator, locale: Locale, framework: Framework, summary: Summary, actions: ActionsSection = { actions: [], timeZone: 'UTC' }): string {
  const scale = framework.scale.options.map((o) => o.label[locale]);
  const header = [
    t.t(locale, 'export.level'),
    t.t(locale, 'export.characteristic'),
    t.t(locale, 'export.statement'),
    t.t(locale, 'export.answering'),
    t.t(locale, 'export.dontKnow'),
    t.t(locale, 'export.score'),
    t.t(locale, 'export.band'),
    ...scale,
    t.t(locale, 'export.note'),
  ];
  const tooFew = t.t(locale, 'export.tooFew');
  const blank = scale.map(() => '');
  const rows: string[][] = [header];
  const comments: string[][] = [];
  for (const c of framework.characteristics) {
    const result = summary.characteristics.find((r) => r.id === c.id);
    const level = t.t(locale, 'export.levelCharacteristic');
    if (!result?.shown) {
      rows.push([level, c.title[locale], '', '', '', '', '', ...blank, tooFew]);
    } else {
      rows.push([level, c.title[locale], '', n(result.answering), n(result.dontKnow), showTenths(result.tenths), t.t(locale, `bands.${result.band}`), ...result.distribution.map(n), '']);
    }
    for (const s of c.statements) {
      const shown = result?.shown ? result.statements?.find((x) => x.id === s.id) : undefined;
      rows.push(
        shown
          ? [t.t(locale, 'export.levelStatement'), c.title[locale], s.text[locale], n(shown.answering), n(shown.dontKnow), showTenths(shown.tenths), '', ...shown.distribution.map(n), '']
          : [t.t(locale, 'export.levelStatement'), c.title[locale], s.text[locale], '', '', '', '', ...blank, tooFew],
      );
    }
    if (result?.shown) for (const text of result.comments) comments.push([t.t(locale, 'export.levelComment'), c.title[locale], '', '', '', '', '', ...blank, text]);
  }
  return [...rows, ...comments, ...actionRows(t, locale, framework, actions)].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The partnership's agreed actions, and the time zone their dates are in. */
export interface ActionsSection {
  actions: Action[];
  timeZone: string;
}

/** The agreed actions as a second section after an empty row, with its own header (none when there are none). */
function actionRows(t: Translator, locale: Locale, framework: Framework, { actions, timeZone }: ActionsSection): string[][] {
  if (!actions.length) return [];
  const header = ['number', 'text', 'characteristic', 'owner', 'due', 'status', 'agreed', 'done'].map((key) => t.t(locale, `export.actions.${key}`));
  const rows = actions.map((a) => [
    n(a.number),
    a.text,
    framework.characteristics.find((c) => c.id === a.characteristicId)?.title[locale] ?? '',
    a.owner?.name ?? '',
    a.due ?? '',
    t.t(locale, `actions.status.${a.status}`),
    localDay(a.createdAt, timeZone),
    a.doneAt === undefined ? '' : localDay(a.doneAt, timeZone),
  ]);
  return [[], header, ...rows];
}

function n(value: number): string {
  return String(value);
}

/** Quotes a field when it needs it, and defuses text a spreadsheet would run as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
