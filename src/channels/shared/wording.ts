import type { LocalisedText } from '../../domain/framework.js';
import type { MemberRef } from '../../domain/model.js';
import { showTenths } from '../../domain/scoring.js';
import { localesOf, type Language, type Locale } from '../../domain/text.js';
import { formatDateTime } from '../../i18n/dates.js';
import { durationParts } from '../../i18n/duration.js';
import type { Translator } from '../../i18n/translator.js';

/** How commands are typed on a surface: "/assess " or "/asesu " on Slack, "@asesu " on Teams. */
export interface Surface {
  prefix(locale: Locale): string;
}

/** What every piece of wording needs: the lookup, the language to write in, and the partnership's time zone. */
export interface Wording {
  t: Translator;
  language: Language;
  timeZone: string;
  surface: Surface;
}

export const SEPARATOR = ' / ';

/** A command as a person would type it, in a locale: "/asesu dechrau", "@asesu start". */
export function commandText(w: Wording, locale: Locale, word: string): string {
  return `${w.surface.prefix(locale)}${w.t.t(locale, `words.${word}`)}`;
}

/** Framework text in the wording's language: both, Welsh first, for `cy+en`. */
export function localised(language: Language, text: LocalisedText): string {
  return localesOf(language)
    .map((l) => text[l])
    .join(SEPARATOR);
}

/** A label in the wording's language: both, Welsh first, for `cy+en`. */
export function label(w: Wording, key: string, vars?: Parameters<Translator['text']>[2]): string {
  return w.t.text(w.language, key, vars, SEPARATOR);
}

export function dateTime(w: Wording, locale: Locale, at: number): string {
  return formatDateTime(locale, at, w.timeZone);
}

export function duration(w: Wording, locale: Locale, ms: number): string {
  const { unit, count } = durationParts(ms);
  return w.t.t(locale, `duration.${unit}`, { count });
}

/** "Alun Jones, Sara Smith": people as the platform named them (an id when it gave no name). */
export function names(members: readonly MemberRef[]): string {
  // A platform id means nothing to a person: members without a name are left out.
  return members.flatMap((m) => (m.name ? [m.name] : [])).join(', ');
}

/** "3.3" from 33 tenths. */
export { showTenths };

/** "▲ 0.3", "▼ 0.2" or "= 0.0" against the last round; undefined when there is nothing to compare. */
export function trendText(trendTenths: number | null): string | undefined {
  if (trendTenths === null) return undefined;
  const mark = trendTenths > 0 ? '▲' : trendTenths < 0 ? '▼' : '=';
  return `${mark} ${showTenths(Math.abs(trendTenths))}`;
}

/** One text per locale of the language, each made by `make`; Welsh first. */
export function perLocale(language: Language, make: (locale: Locale) => string): string[] {
  return localesOf(language).map(make);
}
