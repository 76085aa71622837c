import { MAX_DURATION_MS, MIN_DURATION_MS } from '../domain/round.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** Unit words in English and Welsh, and the one-letter forms. */
const UNITS: Record<string, number> = {
  m: MINUTE, min: MINUTE, mins: MINUTE, minute: MINUTE, minutes: MINUTE, munud: MINUTE, funud: MINUTE, munudau: MINUTE,
  h: HOUR, hr: HOUR, hrs: HOUR, hour: HOUR, hours: HOUR, awr: HOUR, oriau: HOUR, 'o oriau': HOUR,
  d: DAY, day: DAY, days: DAY, diwrnod: DAY, ddiwrnod: DAY, diwrnodau: DAY, 'o ddiwrnodau': DAY, dydd: DAY,
  w: WEEK, wk: WEEK, week: WEEK, weeks: WEEK, wythnos: WEEK, wythnosau: WEEK, 'o wythnosau': WEEK,
};

export type DurationParse = { ok: true; ms: number } | { ok: false; error: 'duration' | 'durationRange' };

/** "30m", "2h", "7d", "2 wythnos", "45 munud": a duration between 5 minutes and 90 days. */
export function parseDuration(text: string): DurationParse {
  const match = /^(\d{1,6})\s*([a-z ]+)$/.exec(text.trim().toLowerCase());
  const unit = match ? UNITS[match[2]!.trim().replace(/\s+/g, ' ')] : undefined;
  if (!match || unit === undefined) return { ok: false, error: 'duration' };
  const ms = Number(match[1]) * unit;
  if (ms < MIN_DURATION_MS || ms > MAX_DURATION_MS) return { ok: false, error: 'durationRange' };
  return { ok: true, ms };
}

/** Splits a duration into the largest whole unit for display: 7 days, 2 hours, 30 minutes. */
export function durationParts(ms: number): { unit: 'days' | 'hours' | 'minutes'; count: number } {
  if (ms % DAY === 0) return { unit: 'days', count: ms / DAY };
  if (ms % HOUR === 0) return { unit: 'hours', count: ms / HOUR };
  return { unit: 'minutes', count: Math.round(ms / MINUTE) };
}
