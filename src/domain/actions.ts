import { atLocalTime, isWorkingDay, localDay, previousWorkingDay } from './calendar.js';
import { checkText, type TextProblem } from './input.js';
import type { Action, ActionReminder, MemberRef, Partnership, Round } from './model.js';

/** Agreed actions (SPEC §12): pure rules over the partnership's list. */

export const ACTION_TEXT_MAX = 300;

/** A day as typed: the year is optional ("30 April"). */
export interface DayInput {
  year?: number;
  month: number;
  day: number;
}

/** An action to add, as checked by the services. */
export interface NewAction {
  text: string;
  characteristicId?: string | undefined;
  owner?: MemberRef | undefined;
  due?: string | undefined;
}

export type ActionProblem = TextProblem | 'empty' | 'badDate' | 'pastDate';

/** The text of an action, trimmed and checked. */
export function checkActionText(raw: string): { ok: true; text: string } | { ok: false; problem: ActionProblem } {
  const checked = checkText(raw, ACTION_TEXT_MAX);
  if (!checked.ok) return checked;
  return checked.text ? { ok: true, text: checked.text } : { ok: false, problem: 'empty' };
}

/**
 * A typed day as a calendar day in the partnership's time zone. Without a year it is the next
 * such day from today; a day that does not exist or has passed is refused.
 */
export function resolveDay(input: DayInput, now: number, timeZone: string): { ok: true; day: string } | { ok: false; problem: 'badDate' | 'pastDate' } {
  const today = localDay(now, timeZone);
  const thisYear = Number(today.slice(0, 4));
  const iso = (y: number) => `${y}-${String(input.month).padStart(2, '0')}-${String(input.day).padStart(2, '0')}`;
  const real = (y: number) => {
    const d = new Date(Date.UTC(y, input.month - 1, input.day));
    return d.getUTCFullYear() === y && d.getUTCMonth() === input.month - 1 && d.getUTCDate() === input.day;
  };
  if (input.year !== undefined) {
    if (!real(input.year)) return { ok: false, problem: 'badDate' };
    return iso(input.year) < today ? { ok: false, problem: 'pastDate' } : { ok: true, day: iso(input.year) };
  }
  // 29 February without a year is the next one there is.
  for (let y = thisYear; y < thisYear + 8; y++) if (real(y) && iso(y) >= today) return { ok: true, day: iso(y) };
  return { ok: false, problem: 'badDate' };
}

/** The closed round an action added now answers: the latest one. */
export function sourceRound(p: Partnership): Round | undefined {
  return [...p.rounds].reverse().find((r) => r.closedAt !== undefined);
}

/** The partnership with the actions added, numbered on from the last. */
export function withActions(p: Partnership, items: NewAction[], now: number): { next: Partnership; added: Action[] } {
  let number = Math.max(0, ...p.actions.map((a) => a.number));
  const roundId = sourceRound(p)?.id;
  const added = items.map(
    (item): Action => ({
      number: ++number,
      text: item.text,
      ...(item.characteristicId ? { characteristicId: item.characteristicId } : {}),
      ...(item.owner ? { owner: item.owner } : {}),
      ...(item.due ? { due: item.due } : {}),
      status: 'open',
      ...(roundId ? { roundId } : {}),
      createdAt: now,
      reminded: [],
    }),
  );
  return { next: { ...p, actions: [...p.actions, ...added] }, added };
}

export function actionByNumber(p: Partnership, number: number): Action | undefined {
  return p.actions.find((a) => a.number === number);
}

/** The partnership with one action changed. */
export function replaceAction(p: Partnership, action: Action): Partnership {
  return { ...p, actions: p.actions.map((a) => (a.number === action.number ? action : a)) };
}

/** The last round closed before `round`. */
function closedBefore(p: Partnership, round: Round): Round | undefined {
  return p.rounds.filter((r) => r.number < round.number && r.closedAt !== undefined).sort((a, b) => b.number - a.number)[0];
}

/** The actions agreed after the closed round before `round`: what the next review looks back on. */
export function actionsBefore(p: Partnership, round: Round): Action[] {
  const previous = closedBefore(p, round);
  return previous ? p.actions.filter((a) => a.roundId === previous.id) : [];
}

export interface ActionCounts {
  agreed: number;
  done: number;
  open: number;
  dropped: number;
}

export function countActions(actions: readonly Action[]): ActionCounts {
  const of = (status: Action['status']) => actions.filter((a) => a.status === status).length;
  return { agreed: actions.length, done: of('done'), open: of('open'), dropped: of('dropped') };
}

/** Actions marked done between the previous round's close and this round's, by characteristic: for the summary. */
export function doneSince(p: Partnership, round: Round): Map<string, Action[]> {
  const out = new Map<string, Action[]>();
  const until = round.closedAt ?? Infinity;
  const from = closedBefore(p, round)?.closedAt ?? -Infinity;
  for (const a of p.actions) {
    if (a.status !== 'done' || !a.characteristicId || a.doneAt === undefined || a.doneAt <= from || a.doneAt > until) continue;
    out.set(a.characteristicId, [...(out.get(a.characteristicId) ?? []), a]);
  }
  return out;
}

/** Open actions whose due day has passed, in the partnership's time zone. */
export function overdueActions(p: Partnership, now: number): Action[] {
  const today = localDay(now, p.settings.timeZone);
  return p.actions.filter((a) => a.status === 'open' && a.due !== undefined && a.due < today);
}

/**
 * When each reminder of an open action with an owner and a due day may first go out, and the
 * moment after which it is no longer worth sending: the working day before (until the due day
 * begins its working hours) and the due day itself (if it is a working day, until it ends).
 */
export function reminderWindows(p: Partnership, action: Action): { which: ActionReminder; from: number; until: number }[] {
  if (action.status !== 'open' || !action.owner || !action.due) return [];
  const { workingHours, timeZone } = p.settings;
  const dayStart = atLocalTime(action.due, workingHours.start, timeZone);
  const windows: { which: ActionReminder; from: number; until: number }[] = [];
  if (!action.reminded.includes('before')) windows.push({ which: 'before', from: previousWorkingDay(dayStart, workingHours, timeZone), until: dayStart });
  if (!action.reminded.includes('on') && isWorkingDay(action.due, workingHours, timeZone)) {
    windows.push({ which: 'on', from: dayStart, until: atLocalTime(action.due, workingHours.end, timeZone) });
  }
  return windows;
}

/** The partnership with a reminder recorded as sent (or given up). */
export function markReminded(p: Partnership, number: number, which: ActionReminder): Partnership {
  const action = actionByNumber(p, number);
  if (!action || action.reminded.includes(which)) return p;
  return replaceAction(p, { ...action, reminded: [...action.reminded, which] });
}
