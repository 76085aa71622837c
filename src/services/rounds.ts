import type { Framework } from '../domain/framework.js';
import type { MemberRef, Partnership, Round } from '../domain/model.js';
import { isSecretariat, latestRound, openRoundOf, previousSummary, replaceRound, roundById } from '../domain/partnership.js';
import { overdueActions } from '../domain/actions.js';
import { closeRound, openRound, progress } from '../domain/round.js';
import { summarise, type Summary } from '../domain/summary.js';
import { CLAIM } from '../domain/claims.js';
import { sendOnce } from './effects.js';
import type { CardRefresher } from './card-refresher.js';
import { ChannelGoneError } from './ports.js';
import { channelOf, frameworkFor, isRefusal, newRoundId, NOT_SECRETARIAT, type Actor, type Deps } from './context.js';
import type { CommandResult, Refusal } from './results.js';
import { notifyEach, publishSummary } from './scheduled.js';
import { upcoming } from './settings.js';

/**
 * Starts a review round: takes the roster snapshot, stores the round, then posts its card.
 * Refused while another round is open. `actor` is undefined when the schedule starts it.
 */
export async function startRound(
  deps: Deps,
  partnershipId: string,
  options: { actor?: Actor; durationMs?: number | undefined; trigger: Round['trigger']; occurrence?: number },
): Promise<Extract<CommandResult, { kind: 'started' | 'duplicate' }> | Refusal> {
  const before = await deps.store.get(partnershipId);
  if (!before) throw new Error('partnership not found');
  if (options.actor && !isSecretariat(before, options.actor.id)) return NOT_SECRETARIAT;
  const framework = frameworkFor(deps, before.settings.frameworkId);
  if (isRefusal(framework)) return framework;
  const open = openRoundOf(before);
  if (open) return { kind: 'refused', reason: 'roundOpen', round: open };

  const roster = await rosterOf(deps, before);
  const started = await deps.store.update<Round | Refusal | { kind: 'duplicate' }>(partnershipId, (current) => {
    const p = current!;
    const { occurrence } = options;
    // A scheduled occurrence is handled once: started, or skipped because a round is still open.
    if (occurrence !== undefined && (p.scheduleState.lastOccurrence ?? -Infinity) >= occurrence) return { result: { kind: 'duplicate' } };
    const handled = occurrence === undefined ? p : { ...p, scheduleState: { ...p.scheduleState, lastOccurrence: occurrence } };
    const already = openRoundOf(p);
    if (already) return { ...(handled !== p ? { next: handled } : {}), result: { kind: 'refused', reason: 'roundOpen', round: already } };
    const round = openRound({
      id: (deps.newId ?? newRoundId)(),
      number: (latestRound(p)?.number ?? 0) + 1,
      framework,
      now: deps.clock.now(),
      durationMs: options.durationMs ?? p.settings.defaultDurationMs,
      trigger: options.trigger,
      roster,
    });
    return { next: { ...handled, rounds: [...p.rounds, round] }, result: round };
  });
  if (isRefusal(started) || 'kind' in started) return started;
  deps.log.info({ partnership: partnershipId, round: started.id, roster: roster?.length ?? 'unknown', trigger: options.trigger }, 'round started');
  try {
    const round = await postRoundCard(deps, partnershipId, started.id);
    if (round.rosterUnknown && !options.actor) await tellRosterUnknown(deps, partnershipId, round.id).catch((error: unknown) => deps.log.warn({ err: error, partnership: partnershipId }, 'could not tell the secretariat'));
    return { kind: 'started', round };
  } catch (error) {
    if (error instanceof ChannelGoneError) {
      // Nobody can see or answer a round whose card cannot be posted: take it back.
      await discardUnseenRound(deps, partnershipId, started.id);
      throw error;
    }
    // The round stands; the schedule posts its card once the channel answers again.
    deps.log.warn({ err: error, partnership: partnershipId, round: started.id }, 'round card not posted yet; will retry');
    return { kind: 'started', round: started };
  }
}

/** Removes a round that has no card and no answers. */
async function discardUnseenRound(deps: Deps, partnershipId: string, roundId: string): Promise<void> {
  await deps.store.update(partnershipId, (p) => {
    const round = p && roundById(p, roundId);
    if (!p || !round || round.card || Object.keys(round.responses).length) return { result: undefined };
    return { next: { ...p, rounds: p.rounds.filter((r) => r.id !== roundId) }, result: undefined };
  });
}

/**
 * The channel's human members, or null when they cannot be read. That never stops a round: it
 * starts with an empty roster that answers fill in, and its card counts answers without a total.
 * (A bot that has really gone is found out when the card cannot be posted.)
 */
async function rosterOf(deps: Deps, p: Partnership): Promise<MemberRef[] | null> {
  try {
    return await channelOf(deps, p).members(p);
  } catch (error) {
    deps.log.warn({ err: error, partnership: p.id }, 'could not read the channel members; the round starts without a roster');
    return null;
  }
}

/** Tells the secretariat privately, once, that a scheduled round started without a roster. */
async function tellRosterUnknown(deps: Deps, partnershipId: string, roundId: string): Promise<void> {
  const key = 'rosterUnknown';
  await sendOnce(deps, partnershipId, {
    key: CLAIM.rosterNotice(roundId),
    owed: (p) => {
      const round = roundById(p, roundId);
      return round?.rosterUnknown && !round.done.includes(key) ? { p, round } : null;
    },
    send: ({ p, round }) => notifyEach(deps, p, p.secretariat, () => ({ kind: 'rosterUnknown', round })),
    record: (p) => {
      const round = roundById(p, roundId);
      return round ? replaceRound(p, { ...round, done: [...round.done, key] }) : p;
    },
  });
}

/** Posts an open round's card, unless it already has one (or another sender holds it), and stores where it went. */
export async function postRoundCard(deps: Deps, partnershipId: string, roundId: string): Promise<Round> {
  await sendOnce(deps, partnershipId, {
    key: CLAIM.card(roundId),
    owed: (partnership) => {
      const round = roundById(partnership, roundId);
      const framework = round && frameworkFor(deps, round.frameworkId);
      if (!round || round.card || round.closedAt !== undefined || !framework || isRefusal(framework)) return null;
      return { partnership, round, framework, progress: progress(round, framework) };
    },
    send: (view) => channelOf(deps, view.partnership).postRound(view),
    record: (p, card) => {
      const round = roundById(p, roundId);
      return round && card ? replaceRound(p, { ...round, card }) : p;
    },
  });
  const latest = await deps.store.get(partnershipId);
  const round = latest && roundById(latest, roundId);
  if (!round) throw new Error('the round is gone');
  return round;
}

/**
 * Closes the open round (or the given one): stores its summary snapshot, marks the card
 * closed and posts the summary. Idempotent: a closed round is never closed twice.
 */
export async function closeOpenRound(
  deps: Deps,
  refresher: CardRefresher,
  partnershipId: string,
  options: { actor?: Actor; roundId?: string },
): Promise<Extract<CommandResult, { kind: 'closed' }> | Refusal> {
  type Closed = { partnership: Partnership; round: Round; framework: Framework; summary: Summary };
  const closed = await deps.store.update<Closed | Refusal>(partnershipId, (current) => {
    const p = current!;
    if (options.actor && !isSecretariat(p, options.actor.id)) return { result: NOT_SECRETARIAT };
    const round = options.roundId ? roundById(p, options.roundId) : openRoundOf(p);
    if (!round || round.closedAt !== undefined) return { result: { kind: 'refused', reason: 'noOpenRound' } };
    const framework = frameworkFor(deps, round.frameworkId);
    if (isRefusal(framework)) return { result: framework };
    const summary = summarise({
      framework,
      responses: Object.values(round.responses),
      rosterSize: progress(round, framework).roster ?? 0,
      k: p.settings.k,
      groups: p.settings.groups,
      previous: previousSummary(p, round),
    });
    const next = closeRound(round, deps.clock.now(), summary);
    return { next: replaceRound(p, next), result: { partnership: replaceRound(p, next), round: next, framework, summary } };
  });
  if (isRefusal(closed)) return closed;
  deps.log.info({ partnership: partnershipId, round: closed.round.id, respondents: closed.summary.respondents }, 'round closed');
  try {
    await publishSummary(deps, refresher, partnershipId, closed.round.id);
  } catch (error) {
    // The round is closed and its summary stored; the schedule posts it once the channel answers again.
    deps.log.warn({ err: error, partnership: partnershipId, round: closed.round.id }, 'summary not posted yet; will retry');
  }
  return { kind: 'closed', round: closed.round, summary: closed.summary };
}

/** The round under way (or the last one), its progress, and the caller's own progress. */
export async function status(deps: Deps, partnershipId: string, actor: Actor): Promise<CommandResult> {
  const p = (await deps.store.get(partnershipId))!;
  const round = openRoundOf(p) ?? latestRound(p);
  const framework = round && deps.frameworks.get(round.frameworkId);
  // Overdue actions are the secretariat's to chase.
  const overdue = isSecretariat(p, actor.id) ? overdueActions(p, deps.clock.now()) : [];
  const late = overdue.length ? { overdue } : {};
  if (!round || !framework) return { kind: 'status', schedule: p.settings.schedule, ...upcoming(p), ...late };
  const mine = round.responses[deps.pseudonymise(p.platform, actor.id)];
  return {
    kind: 'status',
    round,
    progress: progress(round, framework),
    mine: { saved: Object.keys(mine?.pages ?? {}).length, total: framework.characteristics.length },
    schedule: p.settings.schedule,
    ...upcoming(p),
    ...late,
  };
}

/** The summary of the last closed round, with the open round if one is under way. */
export async function lastSummary(deps: Deps, partnershipId: string): Promise<CommandResult> {
  const p = (await deps.store.get(partnershipId))!;
  const round = [...p.rounds].reverse().find((r) => r.summary);
  const framework = round && frameworkFor(deps, round.frameworkId);
  if (!round?.summary || !framework) return { kind: 'refused', reason: 'noClosedRound' };
  if (isRefusal(framework)) return framework;
  const open = openRoundOf(p);
  return { kind: 'summary', round, summary: round.summary, framework, ...(open ? { open } : {}) };
}
