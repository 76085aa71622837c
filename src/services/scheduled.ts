import type { MemberRef, Partnership, Round } from '../domain/model.js';
import { replaceRound, roundById } from '../domain/partnership.js';
import { CLAIM } from '../domain/claims.js';
import { DONE, hasFinished } from '../domain/round.js';
import type { CardRefresher } from './card-refresher.js';
import { channelOf, frameworkFor, isRefusal, type Deps } from './context.js';
import { sendOnce } from './effects.js';
import type { Notice } from './ports.js';

/**
 * The work the schedule does besides starting and closing rounds. Each post is claimed in the
 * store before it is sent (services/effects.ts), so two overlapping ticks, a command and a
 * tick, or two instances never send it twice.
 */

/** Reminds members who have not finished, once per offset. Returns how many were reminded. */
export async function nudge(deps: Deps, partnershipId: string, roundId: string, offsetMs: number): Promise<number> {
  const key = DONE.nudge(offsetMs);
  const out = await sendOnce(deps, partnershipId, {
    key: CLAIM.nudge(roundId, offsetMs),
    owed: (p) => {
      const round = roundById(p, roundId);
      if (!round || round.closedAt !== undefined || round.done.includes(key)) return null;
      const framework = deps.frameworks.get(round.frameworkId);
      const members = round.roster.filter((m) => !framework || !hasFinished(round.responses[deps.pseudonymise(p.platform, m.id)], framework));
      return { p, round, members, total: framework?.characteristics.length ?? 0 };
    },
    send: ({ p, round, members, total }) =>
      notifyEach(deps, p, members, (m) => ({
        kind: 'nudge',
        round,
        pagesLeft: total - Object.keys(round.responses[deps.pseudonymise(p.platform, m.id)]?.pages ?? {}).length,
      })),
    record: (p) => markDone(p, roundId, key),
  });
  if (!out.sent) return 0;
  deps.log.info({ partnership: partnershipId, round: roundId, offsetMs, reminded: out.subject.members.length }, 'nudge sent');
  return out.subject.members.length;
}

/** Tells the secretariat privately, once, that a scheduled round is about to start. */
export async function noticeUpcoming(deps: Deps, partnershipId: string, occurrence: number): Promise<void> {
  await sendOnce(deps, partnershipId, {
    key: CLAIM.notice(occurrence),
    owed: (p) => (p.scheduleState.noticeFor === occurrence ? null : p),
    send: (p) => notifyEach(deps, p, p.secretariat, () => ({ kind: 'roundSoon', startsAt: occurrence })),
    record: (p) => ({ ...p, scheduleState: { ...p.scheduleState, noticeFor: occurrence } }),
  });
}

/**
 * Shows a closed round as closed and posts its summary, then records that it did. Run at
 * close and again by the schedule until it succeeds, so a failed post is not lost; the claim
 * makes sure the two never both post it.
 */
export async function publishSummary(deps: Deps, refresher: CardRefresher, partnershipId: string, roundId: string): Promise<void> {
  await sendOnce(deps, partnershipId, {
    key: CLAIM.summary(roundId),
    owed: (p) => {
      const round = roundById(p, roundId);
      if (!round?.summary || round.done.includes(DONE.summary)) return null;
      const framework = frameworkFor(deps, round.frameworkId);
      return isRefusal(framework) ? null : { partnership: p, round, framework, summary: round.summary };
    },
    send: async (view) => {
      await refresher.refresh(partnershipId, roundId);
      await channelOf(deps, view.partnership).postSummary(view);
    },
    record: (p) => markDone(p, roundId, DONE.summary),
  });
}

/** Records that a round's summary is out (or that the schedule gave up posting it). */
export async function markSummaryPosted(deps: Deps, partnershipId: string, roundId: string): Promise<void> {
  await deps.store.update(partnershipId, (p) => {
    const round = p && roundById(p, roundId);
    if (!p || !round || round.done.includes(DONE.summary)) return { result: undefined };
    return { next: markDone(p, roundId, DONE.summary), result: undefined };
  });
}

/** The partnership with `key` in the round's done list. */
function markDone(p: Partnership, roundId: string, key: string): Partnership {
  const round = roundById(p, roundId);
  if (!round || round.done.includes(key)) return p;
  return replaceRound(p, { ...round, done: [...round.done, key] });
}

/** The bot can no longer post in the channel: stop the schedule and tell the secretariat, once. */
export async function stopSchedule(deps: Deps, partnershipId: string, reason: string): Promise<void> {
  const stopped = await deps.store.update<Partnership | null>(partnershipId, (p) => {
    if (!p?.settings.schedule) return { result: null };
    const next = { ...p, settings: { ...p.settings, schedule: null } };
    return { next, result: next };
  });
  if (!stopped) return;
  deps.log.warn({ partnership: partnershipId, reason }, 'schedule stopped: the channel can no longer be reached');
  await notifyEach(deps, stopped, stopped.secretariat, () => ({ kind: 'scheduleStopped' }));
}

/** Sends a private message to each member; one member's failure does not stop the others. */
export async function notifyEach(deps: Deps, p: Partnership, members: MemberRef[], notice: (m: MemberRef) => Notice): Promise<void> {
  const channel = channelOf(deps, p);
  const results = await Promise.allSettled(members.map((m) => channel.notify(p, m, notice(m))));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length) deps.log.warn({ partnership: p.id, failed: failed.length, err: (failed[0] as PromiseRejectedResult).reason }, 'some private messages could not be sent');
}
