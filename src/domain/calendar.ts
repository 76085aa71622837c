import { Cron } from 'croner';
import type { Schedule, Settings } from './model.js';

/**
 * Calendar questions answered by croner in the partnership's time zone, so daylight-saving
 * changes, month lengths and leap years are croner's business, not date arithmetic of ours.
 */

type WorkingHours = Settings['workingHours'];

/**
 * Parsed patterns are kept: the schedule asks the same few questions of every partnership
 * after each write, and parsing a pattern costs far more than asking it for a run. A paused
 * job holds no state between questions that are given their starting date.
 */
const crons = new Map<string, Cron>();
const CRON_CACHE = 1_000;

function cron(pattern: string, timeZone: string): Cron {
  const key = `${timeZone} ${pattern}`;
  let job = crons.get(key);
  if (!job) {
    job = new Cron(pattern, { timezone: timeZone, paused: true });
    if (crons.size >= CRON_CACHE) crons.clear();
    crons.set(key, job);
  }
  return job;
}

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one. */
const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    partsFormats.set(timeZone, format);
  }
  return format;
}

/** Croner counts Sunday as 0; working days are ISO weekdays (Monday 1 … Sunday 7). */
function cronDays(days: readonly number[]): string {
  return [...new Set(days.map((d) => d % 7))].sort().join(',');
}

/** The first moment at or after `at` that matches the pattern. */
function atOrAfter(pattern: string, timeZone: string, at: number): number | null {
  return cron(pattern, timeZone).nextRun(new Date(at - 1000))?.getTime() ?? null;
}

/** Hours and minutes of "09:30". */
function hm(time: string): { h: number; m: number } {
  const [h = '0', m = '0'] = time.split(':');
  return { h: Number(h), m: Number(m) };
}

/** Local weekday (ISO), hour and minute of a moment in a time zone. */
export function localParts(at: number, timeZone: string): { weekday: number; minutes: number } {
  const parts = partsFormat(timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { weekday, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** True inside the working window (days and hours), in the partnership's time zone. */
export function isWorkingTime(at: number, hours: WorkingHours, timeZone: string): boolean {
  const { weekday, minutes } = localParts(at, timeZone);
  const start = hm(hours.start);
  const end = hm(hours.end);
  return hours.days.includes(weekday) && minutes >= start.h * 60 + start.m && minutes < end.h * 60 + end.m;
}

/** `at` itself when it is working time, else the start of the next working window. */
export function nextWorkingMoment(at: number, hours: WorkingHours, timeZone: string): number {
  if (isWorkingTime(at, hours, timeZone)) return at;
  const { h, m } = hm(hours.start);
  return atOrAfter(`${m} ${h} * * ${cronDays(hours.days)}`, timeZone, at) ?? at;
}

/** The same local time on the previous working day: when the secretariat hears of a scheduled round. */
export function previousWorkingDay(at: number, hours: WorkingHours, timeZone: string): number {
  return remembered(`previous ${at} ${hours.days.join(',')} ${timeZone}`, () => {
    const { minutes } = localParts(at, timeZone);
    const runs = cron(`${minutes % 60} ${Math.floor(minutes / 60)} * * ${cronDays(hours.days)}`, timeZone).previousRuns(1, new Date(at - 1000));
    return runs[0]?.getTime() ?? at - 86_400_000;
  });
}

const PRESET_STEP = { monthly: 1, quarterly: 3, 'half-yearly': 6, yearly: 12 } as const;

/** The cron pattern of a preset: 09:30 on the 1st of its months, counted from the month it starts in. */
function presetPattern(schedule: Extract<Schedule, { kind: keyof typeof PRESET_STEP }>): string {
  const step = PRESET_STEP[schedule.kind];
  const first = schedule.month ?? 1;
  const months = Array.from({ length: 12 / step }, (_, i) => ((first - 1 + i * step) % 12) + 1).sort((a, b) => a - b);
  return `30 9 1 ${step === 1 ? '*' : months.join(',')} *`;
}

/**
 * The next scheduled review strictly after `after`. Presets fall at 09:30 local time on the
 * first working day on or after the 1st of their month; a cron expression runs as written.
 */
export function nextReview(schedule: Schedule, settings: Pick<Settings, 'timeZone' | 'workingHours'>, after: number): number | null {
  return remembered(`next ${JSON.stringify(schedule)} ${settings.timeZone} ${settings.workingHours.days.join(',')} ${after}`, () => findNextReview(schedule, settings, after));
}

/**
 * Partnerships on the same preset share their occurrences, and the schedule asks about them
 * after every change and at every start: one answer serves them all. Croner takes about a
 * millisecond for a preset's next review, which across thousands of partnerships is seconds.
 */
const answers = new Map<string, number | null>();
const ANSWERS_KEPT = 5_000;

function remembered<T extends number | null>(key: string, find: () => T): T {
  if (answers.has(key)) return answers.get(key) as T;
  const found = find();
  if (answers.size >= ANSWERS_KEPT) answers.clear();
  answers.set(key, found);
  return found;
}

function findNextReview(schedule: Schedule, settings: Pick<Settings, 'timeZone' | 'workingHours'>, after: number): number | null {
  const { timeZone } = settings;
  if (schedule.kind === 'cron') return cron(schedule.expr, timeZone).nextRun(new Date(after))?.getTime() ?? null;
  // The nominal date may move forward to a working day, so look from a week back to catch a moved run still ahead.
  const nominal = cron(presetPattern(schedule), timeZone).nextRuns(3, new Date(after - 8 * 86_400_000));
  for (const run of nominal) {
    const moved = atOrAfter(`30 9 * * ${cronDays(settings.workingHours.days)}`, timeZone, run.getTime());
    if (moved !== null && moved > after) return moved;
  }
  return null;
}

/** A cron expression croner accepts, that runs at all, and no more than once a day. */
export function checkCron(expr: string, timeZone: string): boolean {
  try {
    const runs = cron(expr, timeZone).nextRuns(3);
    if (runs.length < 2) return runs.length === 1;
    return runs.every((r, i) => i === 0 || r.getTime() - runs[i - 1]!.getTime() >= 23 * 3_600_000);
  } catch {
    return false;
  }
}

/** One formatter per time zone for calendar days. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day ("2026-04-30") a moment falls on in a time zone. */
export function localDay(at: number, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(at);
}

/** The moment a local time ("09:00") falls on a calendar day ("2026-04-30") in a time zone. */
export function atLocalTime(day: string, time: string, timeZone: string): number {
  const [y = 0, mo = 1, d = 1] = day.split('-').map(Number);
  const { h, m } = hm(time);
  const run = atOrAfter(`${m} ${h} ${d} ${mo} *`, timeZone, Date.UTC(y, mo - 1, d) - 2 * 86_400_000);
  return run ?? Date.UTC(y, mo - 1, d, h, m);
}

/** Whether a calendar day is a working day. */
export function isWorkingDay(day: string, hours: WorkingHours, timeZone: string): boolean {
  return hours.days.includes(localParts(atLocalTime(day, '12:00', timeZone), timeZone).weekday);
}
