import type { Framework } from '../domain/framework.js';
import type { Round } from '../domain/model.js';
import { meanTenths, showTenths } from '../domain/scoring.js';
import { tally, type Summary } from '../domain/summary.js';
import type { Locale } from '../domain/text.js';
import type { Translator } from '../i18n/translator.js';

/**
 * The CSV of a closed round: one row per characteristic and per statement, then the
 * comments. Aggregates only, never a row per member; figures about fewer than k people are
 * left empty with a note, exactly as the summary withholds them.
 */
export function exportCsv(t: Translator, locale: Locale, framework: Framework, round: Round, summary: Summary): string {
  const responses = Object.values(round.responses);
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
  for (const c of framework.characteristics) {
    const result = summary.characteristics.find((r) => r.id === c.id);
    rows.push(
      result && result.tenths !== null
        ? [t.t(locale, 'export.levelCharacteristic'), c.title[locale], '', n(result.answering), n(result.dontKnow), showTenths(result.tenths), t.t(locale, `bands.${result.band}`), ...result.distribution.map(n), '']
        : [t.t(locale, 'export.levelCharacteristic'), c.title[locale], '', '', '', '', '', ...blank, tooFew],
    );
    for (const s of c.statements) {
      const counts = tally(framework, c.id, responses, s.id);
      const shown = summary.enough && counts.answering >= summary.k && counts.count > 0;
      rows.push(
        shown
          ? [t.t(locale, 'export.levelStatement'), c.title[locale], s.text[locale], n(counts.answering), n(counts.dontKnow), showTenths(meanTenths(counts.sum, counts.count)), '', ...counts.distribution.map(n), '']
          : [t.t(locale, 'export.levelStatement'), c.title[locale], s.text[locale], '', '', '', '', ...blank, tooFew],
      );
    }
  }
  for (const comment of summary.comments) {
    const c = framework.characteristics.find((x) => x.id === comment.characteristicId);
    rows.push([t.t(locale, 'export.levelComment'), c?.title[locale] ?? comment.characteristicId, '', '', '', '', '', ...blank, comment.text]);
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function n(value: number): string {
  return String(value);
}

/** Quotes a field when it needs it, and defuses text a spreadsheet would run as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
