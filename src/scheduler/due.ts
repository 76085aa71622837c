import { isWorkingTime, nextReview, nextWorkingMoment, previousWorkingDay } from '../domain/calendar.js';
import type { Partnership, Round } from '../domain/model.js';
import { openRoundOf } from '../domain/partnership.js';
import { DONE } from '../domain/round.js';
import { CLAIM, claimHeldUntil } from '../domain/claims.js';
import { reminderWindows } from '../domain/actions.js';
import type { ActionReminder } from '../domain/model.js';
import type { Clock } from '../services/ports.js';
import type { DueTimes } from '../store/store.js';

/** A piece of scheduled work for one partnership, with the stable key that records it as done. */
export type DueItem =
  | { kind: 'card'; roundId: string }
  | { kind: 'close'; roundId: string }
  | { kind: 'summary'; roundId: string }
  | { kind: 'nudge'; roundId: string; offsetMs: number }
  | { kind: 'notice'; occurrence: number }
  | { kind: 'start'; occurrence: number }
  | { kind: 'actionReminder'; number: number; which: ActionReminder };

export function keyOf(partnershipId: string, item: DueItem): string {
  switch (item.kind) {
    case 'card':
    case 'close':
    case 'summary':
      return `${partnershipId}:${item.roundId}:${item.kind}`;
    case 'nudge':
      return `${partnershipId}:${item.roundId}:nudge:${item.offsetMs}`;
    case 'notice':
    case 'start':
      return `${partnershipId}:${item.occurrence}:${item.kind}`;
    case 'actionReminder':
      return `${partnershipId}:action:${item.number}:${item.which}`;
  }
}

/**
 * Everything `dueWork` reads, as a string: two states of a partnership with the same shape owe
 * the same work at the same times. An answer changes responses, roster and deliveries only, so
 * it leaves the shape as it was. Keep this in step with `dueWork`.
 */
export function scheduleShape(p: Partnership): string {
  return JSON.stringify([
    p.createdAt,
    p.settings.timeZone,
    p.settings.workingHours,
    p.settings.nudgeOffsetsMs,
    p.settings.schedule,
    p.scheduleState,
    p.claims,
    p.rounds.map((r) => [r.id, r.openedAt, r.deadline, r.closedAt ?? null, r.card ? 1 : 0, r.done]),
    p.actions.map((a) => [a.number, a.status, a.due ?? null, a.owner ? 1 : 0, a.reminded]),
  ]);
}

/** How many missed occurrences a catch-up looks through before it stops counting. */
const MAX_CATCH_UP = 2_000;

/**
 * What the schedule owes a partnership at `now`, worked out from its stored state alone,
 * and when it will next owe something. Nothing here depends on timers having fired.
 */
export function dueWork(p: Partnership, now: number): { due: DueItem[]; next: number | null } {
  const due: DueItem[] = [];
  let next: number | null = null;
  const later = (at: number) => {
    next = next === null ? at : Math.min(next, at);
  };
  const { settings } = p;
  // Work another sender has claimed is theirs until the claim lapses; look again then.
  const owe = (item: PostingItem) => {
    const held = claimHeldUntil(p, claimOf(item), now);
    if (held === null) due.push(item);
    else later(held);
  };

  const open = openRoundOf(p);
  if (open) {
    if (now >= open.deadline) due.push({ kind: 'close', roundId: open.id });
    else {
      if (!open.card) owe({ kind: 'card', roundId: open.id });
      later(open.deadline);
      for (const offsetMs of settings.nudgeOffsetsMs) {
        const at = nudgeTime(open, offsetMs, p, now);
        if (at === null) continue;
        if (at <= now) owe({ kind: 'nudge', roundId: open.id, offsetMs });
        else later(at);
      }
    }
  }
  for (const round of p.rounds) {
    if (round.closedAt !== undefined && !round.done.includes(DONE.summary)) owe({ kind: 'summary', roundId: round.id });
  }

  for (const action of p.actions) {
    for (const { which, from, until } of reminderWindows(p, action)) {
      const at = workingFrom(from, now, p);
      if (at >= until) continue;
      if (at <= now) owe({ kind: 'actionReminder', number: action.number, which });
      else later(at);
    }
  }

  if (settings.schedule) {
    const from = p.scheduleState.lastOccurrence ?? p.createdAt;
    const occurrence = nextReview(settings.schedule, settings, from);
    if (occurrence !== null && occurrence <= now) {
      due.push({ kind: 'start', occurrence: latestOccurrence(p, occurrence, now) });
    } else if (occurrence !== null) {
      later(occurrence);
      const noticeAt = previousWorkingDay(occurrence, settings.workingHours, settings.timeZone);
      if (p.scheduleState.noticeFor !== occurrence && noticeAt > from) {
        if (noticeAt <= now) owe({ kind: 'notice', occurrence });
        else later(noticeAt);
      }
    }
  }
  return { due, next };
}

/** Work that posts to the platform, and the claim it takes (closing and starting are store changes only). */
type PostingItem = Exclude<DueItem, { kind: 'close' | 'start' }>;

function claimOf(item: PostingItem): string {
  switch (item.kind) {
    case 'card':
      return CLAIM.card(item.roundId);
    case 'summary':
      return CLAIM.summary(item.roundId);
    case 'nudge':
      return CLAIM.nudge(item.roundId, item.offsetMs);
    case 'notice':
      return CLAIM.notice(item.occurrence);
    case 'actionReminder':
      return CLAIM.actionReminder(item.number, item.which);
  }
}

/**
 * When a nudge `offsetMs` before the deadline may go out: in working hours only. Null when
 * it is already done, the round is shorter than the offset, or the round closes before the
 * next working window opens.
 */
function nudgeTime(round: Round, offsetMs: number, p: Partnership, now: number): number | null {
  if (round.done.includes(DONE.nudge(offsetMs))) return null;
  const nominal = round.deadline - offsetMs;
  if (nominal < round.openedAt) return null;
  const at = workingFrom(nominal, now, p);
  return at < round.deadline ? at : null;
}

/** The first working moment at or after `nominal`, and not before `now`: when a private message may go out. */
function workingFrom(nominal: number, now: number, p: Partnership): number {
  const { workingHours, timeZone } = p.settings;
  return nominal > now ? nextWorkingMoment(nominal, workingHours, timeZone) : isWorkingTime(now, workingHours, timeZone) ? now : nextWorkingMoment(now, workingHours, timeZone);
}

/** The last occurrence at or before `now`: after a long stop, one catch-up round, not one per missed occurrence. */
function latestOccurrence(p: Partnership, first: number, now: number): number {
  const schedule = p.settings.schedule!;
  let latest = first;
  for (let i = 0; i < MAX_CATCH_UP; i++) {
    const following = nextReview(schedule, p.settings, latest);
    if (following === null || following > now) break;
    latest = following;
  }
  return latest;
}

/** The due time a store keeps beside each partnership: when it next owes work by the clock, now when it already does. */
export function dueTimesBy(clock: Clock): DueTimes {
  return {
    shape: scheduleShape,
    dueAt(p) {
      const now = clock.now();
      const { due, next } = dueWork(p, now);
      return due.length ? now : next;
    },
  };
}
