import type { Locale } from '../domain/text.js';

const INTL_LOCALE: Record<Locale, string> = { cy: 'cy', en: 'en-GB' };

/** "Tuesday 3 March at 09:30" / "Dydd Mawrth, 3 Mawrth am 09:30", in the partnership's time zone. */
export function formatDateTime(locale: Locale, at: number, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(at);
}

/** "3 March 2026" / "3 Mawrth 2026". */
export function formatDate(locale: Locale, at: number, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(at);
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
