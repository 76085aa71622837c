import { CLAIM } from '../../src/domain/claims.js';
import { actionsBefore, countActions, doneSince, overdueActions, reminderWindows, resolveDay, withActions } from '../../src/domain/actions.js';
import { partnershipFileSchema, type Partnership, type Round } from '../../src/domain/model.js';
import { newPartnership } from '../../src/domain/partnership.js';
import { parseDay } from '../../src/i18n/days.js';
import { dueWork } from '../../src/scheduler/due.js';

const at = (iso: string) => Date.parse(iso);
const bryn = { id: '29:bryn', name: 'Bryn' };

function round(number: number, openedAt: string, closedAt?: string): Round {
  return {
    id: `round000${number}`, number, frameworkId: 'spat', frameworkVersion: '1', trigger: 'command', openedAt: at(openedAt), deadline: at(openedAt) + 3_600_000,
    ...(closedAt ? { closedAt: at(closedAt) } : {}), roster: [], responses: {}, done: closedAt ? ['summary'] : [],
  };
}

function partnership(rounds: Round[] = [round(1, '2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z')]): Partnership {
  const p = newPartnership({ id: `teams-${'0'.repeat(32)}`, platform: 'teams', address: {}, now: at('2026-03-01T10:00:00Z'), founder: { id: '29:alice', name: 'Alice' }, settings: { language: 'en', timeZone: 'Europe/London' } });
  return { ...p, rounds };
}

describe('reading a day', () => {
  it.each([
    ['2026-04-30', { year: 2026, month: 4, day: 30 }],
    ['30 april', { month: 4, day: 30 }],
    ['30 ebrill 2026', { year: 2026, month: 4, day: 30 }],
    ['30th of april', { month: 4, day: 30 }],
    ['april 30', { month: 4, day: 30 }],
    ['5 mawrth', { month: 3, day: 5 }],
    ['1 gorff', { month: 7, day: 1 }],
    ['30/4', { month: 4, day: 30 }],
    ['30/4/2026', { year: 2026, month: 4, day: 30 }],
  ])('reads %j', (text, day) => {
    expect(parseDay(text)).toEqual(day);
  });

  it.each(['soon', '32 april', '30 smarch', '2026-13-01', 'april'])('refuses %j', (text) => {
    expect(parseDay(text)).toBeNull();
  });

  it('puts a day without a year on the next one there is, and refuses one that does not exist or has passed', () => {
    const now = at('2026-05-10T10:00:00Z');
    expect(resolveDay({ month: 4, day: 30 }, now, 'Europe/London')).toEqual({ ok: true, day: '2027-04-30' });
    expect(resolveDay({ month: 5, day: 10 }, now, 'Europe/London')).toEqual({ ok: true, day: '2026-05-10' });
    expect(resolveDay({ month: 2, day: 29 }, now, 'Europe/London')).toEqual({ ok: true, day: '2028-02-29' });
    expect(resolveDay({ month: 2, day: 31 }, now, 'Europe/London')).toEqual({ ok: false, problem: 'badDate' });
    expect(resolveDay({ year: 2026, month: 4, day: 30 }, now, 'Europe/London')).toEqual({ ok: false, problem: 'pastDate' });
  });
});

describe('agreed actions', () => {
  it('load as none from a file written before they existed', () => {
    const { actions: _none, ...old } = partnership();
    expect(partnershipFileSchema.parse({ schemaVersion: 1, partnership: old }).partnership.actions).toEqual([]);
  });

  it('are numbered on from the last, and belong to the latest closed round', () => {
    const first = withActions(partnership(), [{ text: 'One' }], 1).next;
    const { added } = withActions({ ...first, rounds: [...first.rounds, round(2, '2026-04-01T10:00:00Z')] }, [{ text: 'Two', owner: bryn }, { text: 'Three' }], 2);
    expect(added.map((a) => [a.number, a.roundId, a.status])).toEqual([[2, 'round0001', 'open'], [3, 'round0001', 'open']]);
  });

  it('are looked back on by the next round, and counted as done beside its trend only when done between the two', () => {
    let p = withActions(partnership(), [{ text: 'A', characteristicId: 'cascade' }, { text: 'B', characteristicId: 'cascade' }, { text: 'C' }], at('2026-03-02T12:00:00Z')).next;
    p = { ...p, actions: p.actions.map((a) => (a.number === 1 ? { ...a, status: 'done' as const, doneAt: at('2026-03-20T12:00:00Z') } : a.number === 3 ? { ...a, status: 'dropped' as const } : a)) };
    const next = round(2, '2026-04-01T10:00:00Z', '2026-04-01T11:00:00Z');
    p = { ...p, rounds: [...p.rounds, next] };
    expect(countActions(actionsBefore(p, next))).toEqual({ agreed: 3, done: 1, open: 1, dropped: 1 });
    expect([...doneSince(p, next)].map(([id, list]) => [id, list.map((a) => a.text)])).toEqual([['cascade', ['A']]]);
    expect(actionsBefore(p, p.rounds[0]!)).toEqual([]);
    expect(doneSince(p, round(3, '2026-05-01T10:00:00Z', '2026-05-01T11:00:00Z')).size).toBe(0);
  });

  it('are overdue once their due day has passed in the partnership’s time zone', () => {
    const p = withActions(partnership(), [{ text: 'A', due: '2026-03-05' }, { text: 'B' }], 0).next;
    expect(overdueActions(p, at('2026-03-05T23:30:00Z'))).toEqual([]);
    expect(overdueActions(p, at('2026-03-06T00:30:00Z')).map((a) => a.number)).toEqual([1]);
  });

  it('remind the owner the working day before and on the day, in working hours, never for a weekend due day', () => {
    const p = withActions(partnership(), [{ text: 'A', owner: bryn, due: '2026-03-09' }, { text: 'B', owner: bryn, due: '2026-03-07' }, { text: 'C', due: '2026-03-09' }], 0).next;
    expect(reminderWindows(p, p.actions[0]!)).toEqual([
      { which: 'before', from: at('2026-03-06T09:00:00Z'), until: at('2026-03-09T09:00:00Z') },
      { which: 'on', from: at('2026-03-09T09:00:00Z'), until: at('2026-03-09T17:30:00Z') },
    ]);
    expect(reminderWindows(p, p.actions[1]!).map((w) => w.which)).toEqual(['before']);
    expect(reminderWindows(p, p.actions[2]!)).toEqual([]);
  });

  it('are due work for the schedule at the right moments, and not once sent', () => {
    let p = withActions(partnership(), [{ text: 'A', owner: bryn, due: '2026-03-09' }], 0).next;
    expect(dueWork(p, at('2026-03-06T08:00:00Z'))).toEqual({ due: [], next: at('2026-03-06T09:00:00Z') });
    expect(dueWork(p, at('2026-03-07T12:00:00Z')).due).toEqual([]);
    expect(dueWork(p, at('2026-03-06T09:00:00Z')).due).toEqual([{ kind: 'actionReminder', number: 1, which: 'before' }]);
    p = { ...p, actions: [{ ...p.actions[0]!, reminded: ['before'] }] };
    expect(dueWork(p, at('2026-03-06T10:00:00Z'))).toEqual({ due: [], next: at('2026-03-09T09:00:00Z') });
    expect(dueWork(p, at('2026-03-09T12:00:00Z')).due).toEqual([{ kind: 'actionReminder', number: 1, which: 'on' }]);
    // A reminder missed while the service was down is not sent once its window has passed.
    expect(dueWork(p, at('2026-03-09T18:00:00Z')).due).toEqual([]);
    // One another sender holds is theirs until the claim lapses.
    const claimed = { ...p, claims: { [CLAIM.actionReminder(1, 'on')]: { at: at('2026-03-09T12:00:00Z'), tries: 1 } } };
    expect(dueWork(claimed, at('2026-03-09T12:01:00Z'))).toEqual({ due: [], next: at('2026-03-09T12:10:00Z') });
  });
});
