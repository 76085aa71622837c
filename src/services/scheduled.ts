import type { MemberRef, Partnership, Round } from '../domain/model.js';
import { replaceRound, roundById } from '../domain/partnership.js';
import { DONE, hasFinished } from '../domain/round.js';
import type { CardRefresher } from './card-refresher.js';
import { channelOf, frameworkFor, isRefusal, type Deps } from './context.js';
import type { Notice } from './ports.js';

/**
 * The work the schedule does besides starting and closing rounds. Each piece is claimed in
 * the store before it is done, inside the partnership's lock, so two overlapping ticks (or
 * a tick and a restart) never do it twice.
 */

/** Reminds members who have not finished, once per offset. Returns how many were reminded. */
export async function nudge(deps: Deps, partnershipId: string, roundId: string, offsetMs: number): Promise<number> {
  const key = DONE.nudge(offsetMs);
  const claimed = await deps.store.update<{ p: Partnership; round: Round; members: MemberRef[] } | null>(partnershipId, (p) => {
    const round = p && roundById(p, roundId);
    if (!p || !round || round.closedAt !== undefined || round.done.includes(key)) return { result: null };
    const framework = deps.frameworks.get(round.frameworkId);
    const members = round.roster.filter((m) => !framework || !hasFinished(round.responses[deps.pseudonymise(p.platform, m.id)], framework));
    const next = { ...round, done: [...round.done, key] };
    return { next: replaceRound(p, next), result: { p: replaceRound(p, next), round: next, members } };
  });
  if (!claimed) return 0;
  const framework = deps.frameworks.get(claimed.round.frameworkId);
  const total = framework?.characteristics.length ?? 0;
  await notifyEach(deps, claimed.p, claimed.members, (m) => ({
    kind: 'nudge',
    round: claimed.round,
    pagesLeft: total - Object.keys(claimed.round.responses[deps.pseudonymise(claimed.p.platform, m.id)]?.pages ?? {}).length,
  }));
  deps.log.info({ partnership: partnershipId, round: roundId, offsetMs, reminded: claimed.members.length }, 'nudge sent');
  return claimed.members.length;
}

/** Tells the secretariat privately, once, that a scheduled round is about to start. */
export async function noticeUpcoming(deps: Deps, partnershipId: string, occurrence: number): Promise<void> {
  const claimed = await deps.store.update<Partnership | null>(partnershipId, (p) => {
    if (!p || p.scheduleState.noticeFor === occurrence) return { result: null };
    const next = { ...p, scheduleState: { ...p.scheduleState, noticeFor: occurrence } };
    return { next, result: next };
  });
  if (claimed) await notifyEach(deps, claimed, claimed.secretariat, () => ({ kind: 'roundSoon', startsAt: occurrence }));
}

/**
 * Shows a closed round as closed and posts its summary, then records that it did. Run at
 * close and again by the schedule until it succeeds, so a failed post is not lost.
 */
export async function publishSummary(deps: Deps, refresher: CardRefresher, partnershipId: string, roundId: string): Promise<void> {
  const p = await deps.store.get(partnershipId);
  const round = p && roundById(p, roundId);
  if (!p || !round?.summary || round.done.includes(DONE.summary)) return;
  const framework = frameworkFor(deps, round.frameworkId);
  if (isRefusal(framework)) return;
  await refresher.refresh(partnershipId, roundId);
  await channelOf(deps, p).postSummary({ partnership: p, round, framework, summary: round.summary });
  await markSummaryPosted(deps, partnershipId, roundId);
}

/** Records that a round's summary is out (or that the schedule gave up posting it). */
export async function markSummaryPosted(deps: Deps, partnershipId: string, roundId: string): Promise<void> {
  await deps.store.update(partnershipId, (p) => {
    const round = p && roundById(p, roundId);
    if (!p || !round || round.done.includes(DONE.summary)) return { result: undefined };
    return { next: replaceRound(p, { ...round, done: [...round.done, DONE.summary] }), result: undefined };
  });
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
async function notifyEach(deps: Deps, p: Partnership, members: MemberRef[], notice: (m: MemberRef) => Notice): Promise<void> {
  const channel = channelOf(deps, p);
  const results = await Promise.allSettled(members.map((m) => channel.notify(p, m, notice(m))));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length) deps.log.warn({ partnership: p.id, failed: failed.length, err: (failed[0] as PromiseRejectedResult).reason }, 'some private messages could not be sent');
}
