import type { Locale } from '../domain/text.js';

const INTL_LOCALE: Record<Locale, string> = { cy: 'cy', en: 'en-GB' };

/** Formatters are kept by locale, zone and style: building one costs far more than using it, and cards show dates on every page. */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, timeZone: string, style: 'dateTime' | 'date'): Intl.DateTimeFormat {
  const key = `${style} ${locale} ${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      INTL_LOCALE[locale],
      style === 'dateTime'
        ? { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone }
        : { day: 'numeric', month: 'long', year: 'numeric', timeZone },
    );
    formats.set(key, format);
  }
  return format;
}

/**
 * "Tuesday 3 March at 09:30" / "dydd Mawrth, 3 Mawrth am 09:30", in the partnership's time zone.
 * Intl capitalises the Welsh "Dydd", but a date stands inside a sentence here, where Welsh
 * writes "dydd Mawrth" (as the glossary does).
 */
export function formatDateTime(locale: Locale, at: number, timeZone: string): string {
  const text = formatter(locale, timeZone, 'dateTime').format(at);
  return locale === 'cy' ? text.replace(/^Dydd /, 'dydd ') : text;
}

/** "3 March 2026" / "3 Mawrth 2026". */
export function formatDate(locale: Locale, at: number, timeZone: string): string {
  return formatter(locale, timeZone, 'date').format(at);
}

/** Whether a time zone name is one the runtime knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
