import type { DayInput } from '../domain/actions.js';

/** Month names and their short forms, English and Welsh, as `normalise` leaves them (lower case, no accents). */
const MONTHS: Record<string, number> = {};
[
  ['january', 'jan', 'ionawr', 'ion'],
  ['february', 'feb', 'chwefror', 'chwe'],
  ['march', 'mar', 'mawrth', 'maw'],
  ['april', 'apr', 'ebrill', 'ebr'],
  ['may', 'mai'],
  ['june', 'jun', 'mehefin', 'meh'],
  ['july', 'jul', 'gorffennaf', 'gorff'],
  ['august', 'aug', 'awst'],
  ['september', 'sep', 'sept', 'medi'],
  ['october', 'oct', 'hydref', 'hyd'],
  ['november', 'nov', 'tachwedd', 'tach'],
  ['december', 'dec', 'rhagfyr', 'rhag'],
].forEach((names, i) => names.forEach((n) => (MONTHS[n] = i + 1)));

const ORDINAL = '(?:st|nd|rd|th|af|ail|ydd|edd|fed|ed|eg|ain)?';

/**
 * A day as people type it: "2026-04-30", "30 April", "30 Ebrill 2026", "30/4", "April 30th".
 * Takes normalised text; whether the day exists is checked later, against a calendar.
 */
export function parseDay(text: string): DayInput | null {
  const t = text.trim().replace(/,/g, ' ').replace(/\s+/g, ' ');
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return day(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}))?$/.exec(t);
  if (m) return day(Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : undefined);
  m = new RegExp(`^(\\d{1,2})${ORDINAL} (?:of )?([a-z]+)\\.?(?: (\\d{4}))?$`).exec(t);
  if (m && MONTHS[m[2]!]) return day(Number(m[1]), MONTHS[m[2]!]!, m[3] ? Number(m[3]) : undefined);
  m = new RegExp(`^([a-z]+)\\.? (\\d{1,2})${ORDINAL}(?: (\\d{4}))?$`).exec(t);
  if (m && MONTHS[m[1]!]) return day(Number(m[2]), MONTHS[m[1]!]!, m[3] ? Number(m[3]) : undefined);
  return null;
}

function day(d: number, month: number, year: number | undefined): DayInput | null {
  if (d < 1 || d > 31 || month < 1 || month > 12) return null;
  return { day: d, month, ...(year !== undefined ? { year } : {}) };
}
