import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n } from 'i18next';
import { localesOf, LOCALES, type Language, type Locale } from '../domain/text.js';
import { LOCALES_DIR } from '../paths.js';

export type Vars = Record<string, string | number>;
/** Values for a text; a function when they differ by locale (dates, command words). */
export type VarsFor = Vars | ((locale: Locale) => Vars);

/** The one lookup for every word a user reads, in Welsh or English. */
export interface Translator {
  t(locale: Locale, key: string, vars?: Vars): string;
  /** The text in each locale of a language, Welsh first for `cy+en`. */
  each(language: Language, key: string, vars?: VarsFor): string[];
  /** The text in a language, both locales joined for `cy+en`. */
  text(language: Language, key: string, vars?: VarsFor, separator?: string): string;
}

/** Worked-out texts kept by the translator; plenty for every label in both languages with the values of the day. */
const KNOWN_MAX = 20_000;

export class MissingTextError extends Error {
  constructor(locale: Locale, key: string) {
    super(`no ${locale} text for "${key}"`);
    this.name = 'MissingTextError';
  }
}

export function readLocale(locale: Locale, dir = LOCALES_DIR): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, `${locale}.json`), 'utf8')) as Record<string, unknown>;
}

/**
 * Builds the translator over `locales/*.json` with i18next, which picks plural forms with
 * Intl.PluralRules (six categories in Welsh). A missing key throws: a typo must fail a test,
 * not show a key name to a partner.
 */
export function createTranslator(dir = LOCALES_DIR): Translator {
  const instance: i18n = i18next.createInstance();
  void instance.init({
    initAsync: false,
    lng: 'en',
    fallbackLng: false,
    resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: readLocale(l, dir) }])),
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  // The texts never change while the service runs, so a text is worked out once per locale,
  // key and values: every page, view and card asks for the same few dozen labels again.
  const known = new Map<string, string>();
  const t = (locale: Locale, key: string, vars: Vars = {}): string => {
    const id = `${locale} ${key} ${JSON.stringify(vars)}`;
    const hit = known.get(id);
    if (hit !== undefined) return hit;
    if (!instance.exists(key, { lng: locale, ...vars })) throw new MissingTextError(locale, key);
    const text = instance.t(key, { lng: locale, ...vars });
    if (known.size >= KNOWN_MAX) known.clear();
    known.set(id, text);
    return text;
  };
  const each = (language: Language, key: string, vars?: VarsFor): string[] =>
    localesOf(language).map((l) => t(l, key, typeof vars === 'function' ? vars(l) : vars));
  return { t, each, text: (language, key, vars, separator = ' / ') => each(language, key, vars).join(separator) };
}
