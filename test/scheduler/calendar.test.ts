import { isWorkingTime, nextReview, nextWorkingMoment, previousWorkingDay, checkCron } from '../../src/domain/calendar.js';
import { DEFAULT_SETTINGS } from '../../src/domain/partnership.js';
import { formatDateTime } from '../../src/i18n/dates.js';

const london = { timeZone: 'Europe/London', workingHours: DEFAULT_SETTINGS.workingHours };
const local = (at: number) => formatDateTime('en', at, 'Europe/London');

describe('review dates', () => {
  it('fall monthly at 09:30 London time on the first working day, across both daylight-saving changes', () => {
    const runs: string[] = [];
    let at = Date.UTC(2026, 0, 15);
    for (let i = 0; i < 12; i++) {
      at = nextReview({ kind: 'monthly', month: 2 }, london, at)!;
      runs.push(local(at));
    }
    expect(runs).toEqual([
      'Monday 2 February at 09:30',
      'Monday 2 March at 09:30',
      'Wednesday 1 April at 09:30', // British Summer Time from 29 March
      'Friday 1 May at 09:30',
      'Monday 1 June at 09:30',
      'Wednesday 1 July at 09:30',
      'Monday 3 August at 09:30',
      'Tuesday 1 September at 09:30',
      'Thursday 1 October at 09:30',
      'Monday 2 November at 09:30', // back to GMT on 25 October
      'Tuesday 1 December at 09:30',
      'Friday 1 January at 09:30',
    ]);
  });

  it('count quarterly and half-yearly from their first month', () => {
    const quarterly: string[] = [];
    let at = Date.UTC(2026, 10, 23);
    for (let i = 0; i < 4; i++) quarterly.push(local((at = nextReview({ kind: 'quarterly', month: 12 }, london, at)!)));
    expect(quarterly).toEqual(['Tuesday 1 December at 09:30', 'Monday 1 March at 09:30', 'Tuesday 1 June at 09:30', 'Wednesday 1 September at 09:30']);
    expect(local(nextReview({ kind: 'half-yearly', month: 12 }, london, Date.UTC(2026, 11, 2))!)).toBe('Tuesday 1 June at 09:30');
  });

  it('run a yearly cron on 29 February only in leap years', () => {
    const first = nextReview({ kind: 'cron', expr: '30 9 29 2 *' }, london, Date.UTC(2026, 0, 1))!;
    expect(local(first)).toBe('Tuesday 29 February at 09:30');
    expect(new Date(first).getUTCFullYear()).toBe(2028);
    expect(new Date(nextReview({ kind: 'cron', expr: '30 9 29 2 *' }, london, first)!).getUTCFullYear()).toBe(2032);
  });

  it('refuse cron expressions that are invalid, never run, or run more than once a day', () => {
    expect(checkCron('30 9 1 * *', 'Europe/London')).toBe(true);
    expect(checkCron('30 9 29 2 *', 'Europe/London')).toBe(true);
    expect(checkCron('61 9 * * *', 'Europe/London')).toBe(false);
    expect(checkCron('30 9 31 2 *', 'Europe/London')).toBe(false);
    expect(checkCron('*/5 * * * *', 'Europe/London')).toBe(false);
    expect(checkCron('every monday', 'Europe/London')).toBe(false);
  });
});

describe('working hours', () => {
  const hours = DEFAULT_SETTINGS.workingHours;
  it('are Monday to Friday, 09:00 to 17:30, in the partnership time zone', () => {
    expect(isWorkingTime(Date.UTC(2026, 2, 2, 9, 0), hours, 'Europe/London')).toBe(true); // Monday 09:00 GMT
    expect(isWorkingTime(Date.UTC(2026, 2, 2, 17, 30), hours, 'Europe/London')).toBe(false);
    expect(isWorkingTime(Date.UTC(2026, 6, 6, 16, 45), hours, 'Europe/London')).toBe(false); // 17:45 British Summer Time
    expect(isWorkingTime(Date.UTC(2026, 6, 6, 16, 45), hours, 'UTC')).toBe(true);
    expect(isWorkingTime(Date.UTC(2026, 2, 7, 11, 0), hours, 'Europe/London')).toBe(false); // Saturday
  });

  it('move a moment outside them to the next working morning', () => {
    expect(local(nextWorkingMoment(Date.UTC(2026, 2, 7, 11, 0), hours, 'Europe/London'))).toBe('Monday 9 March at 09:00');
    expect(local(nextWorkingMoment(Date.UTC(2026, 2, 9, 18, 0), hours, 'Europe/London'))).toBe('Tuesday 10 March at 09:00');
  });

  it('find the previous working day at the same time', () => {
    expect(local(previousWorkingDay(Date.UTC(2026, 2, 9, 9, 30), hours, 'Europe/London'))).toBe('Friday 6 March at 09:30');
    expect(local(previousWorkingDay(Date.UTC(2026, 2, 31, 8, 30), hours, 'Europe/London'))).toBe('Monday 30 March at 09:30');
  });
});
