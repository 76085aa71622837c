import type { ActionReminder, MemberRef } from '../domain/model.js';
import { isSecretariat, latestRound } from '../domain/partnership.js';
import type { Command } from '../i18n/commands.js';
import { privateLanguage, localesOf } from '../domain/text.js';
import { agreeActions, agreeForm, remindAction, runActions, type AgreeItem } from './actions.js';
import { answerPage, forgetMe, openForm } from './answers.js';
import { Background } from './background.js';
import { CardRefresher } from './card-refresher.js';
import { channelOf, frameworkFor, isRefusal, NOT_SECRETARIAT, type Actor, type Deps, type Where } from './context.js';
import { exportCsv } from './export.js';
import { history, report } from './history.js';
import { ensurePartnership, install } from './partnerships.js';
import type { CommandResult } from './results.js';
import { closeOpenRound, lastSummary, postRoundCard, startRound, status } from './rounds.js';
import { markSummaryPosted, noticeUpcoming, nudge, publishSummary, stopSchedule } from './scheduled.js';
import { changeSecretariat, setGroups, setLanguage, setSchedule, setTimeZone } from './settings.js';

export type { Actor, Deps, Where } from './context.js';
export { partnershipId } from './context.js';

export interface ServiceOptions {
  /** The shortest time between two updates of one round card. */
  cardIntervalMs?: number;
}

/** The use cases behind every command and round step, shared by Teams, Slack and the schedule. */
export function createServices(deps: Deps, options: ServiceOptions = {}) {
  const refresher = new CardRefresher(deps, options.cardIntervalMs ?? 2_000);
  const background = new Background();

  /** Runs a command typed in a conversation; the conversation's partnership is set up on first use. */
  async function run(where: Where, actor: Actor, command: Command, mentioned: MemberRef[] = []): Promise<CommandResult> {
    const { partnership: p } = await ensurePartnership(deps, where, actor);
    switch (command.name) {
      case 'help':
        return { kind: 'help', secretariat: isSecretariat(p, actor.id) };
      case 'start':
        return startRound(deps, p.id, { actor, durationMs: command.durationMs, trigger: 'command' });
      case 'status':
        return status(deps, p.id, actor);
      case 'close':
        return closeOpenRound(deps, refresher, p.id, { actor });
      case 'summary':
        return lastSummary(deps, p.id);
      case 'schedule':
        return setSchedule(deps, p.id, actor, command.schedule);
      case 'language':
        return setLanguage(deps, p.id, actor, command.language);
      case 'timezone':
        return setTimeZone(deps, p.id, actor, command.timeZone);
      case 'secretariat':
        return changeSecretariat(deps, p.id, actor, command.action, mentioned);
      case 'groups':
        return setGroups(deps, p.id, actor, command.groups);
      case 'export':
        return exportLast(p.id, actor);
      case 'forget':
        return forgetMe(deps, refresher, p.id, actor);
      case 'history':
        return history(deps, p.id);
      case 'report':
        return report(deps, p.id, actor);
      case 'actions':
        return runActions(deps, p.id, actor, command, mentioned);
    }
  }

  /** Sends the last closed round's CSV privately to the secretariat member who asked. */
  async function exportLast(partnershipId: string, actor: Actor): Promise<CommandResult> {
    const p = (await deps.store.get(partnershipId))!;
    if (!isSecretariat(p, actor.id)) return NOT_SECRETARIAT;
    const round = [...p.rounds].reverse().find((r) => r.summary);
    if (!round?.summary) return { kind: 'refused', reason: 'noClosedRound' };
    const framework = frameworkFor(deps, round.frameworkId);
    if (isRefusal(framework)) return framework;
    const locale = localesOf(privateLanguage(actor.locale, p.settings.language))[0]!;
    const csv = exportCsv(deps.translator, locale, framework, round.summary, { actions: p.actions, timeZone: p.settings.timeZone });
    const fileName = `asesu-${round.number}-${new Date(round.closedAt!).toISOString().slice(0, 10)}.csv`;
    await channelOf(deps, p).notify(p, actor, { kind: 'export', round, fileName, csv });
    return { kind: 'exported', fileName, rows: csv.split('\r\n').length - 2 };
  }

  return {
    deps,
    refresher,
    run,
    install: (where: Where, installer: Actor) => install(deps, where, installer),
    ensure: (where: Where, actor: Actor) => ensurePartnership(deps, where, actor),
    /** The stored partnership, for rendering (names, language, time zone). */
    get: (partnershipId: string) => deps.store.get(partnershipId),
    openForm: (partnershipId: string, roundId: string | undefined, actor: Actor) => openForm(deps, partnershipId, roundId, actor),
    answer: (request: Parameters<typeof answerPage>[3]) => answerPage(deps, refresher, background, request),
    startRound: (partnershipId: string, options: Parameters<typeof startRound>[2]) => startRound(deps, partnershipId, options),
    closeRound: (partnershipId: string, options: { actor?: Actor; roundId?: string } = {}) => closeOpenRound(deps, refresher, partnershipId, options),
    postRoundCard: (partnershipId: string, roundId: string) => postRoundCard(deps, partnershipId, roundId),
    publishSummary: (partnershipId: string, roundId: string) => publishSummary(deps, refresher, partnershipId, roundId),
    markSummaryPosted: (partnershipId: string, roundId: string) => markSummaryPosted(deps, partnershipId, roundId),
    nudge: (partnershipId: string, roundId: string, offsetMs: number) => nudge(deps, partnershipId, roundId, offsetMs),
    noticeUpcoming: (partnershipId: string, occurrence: number) => noticeUpcoming(deps, partnershipId, occurrence),
    agreeForm: (partnershipId: string, roundId: string, actor: Actor) => agreeForm(deps, partnershipId, roundId, actor),
    agreeActions: (partnershipId: string, actor: Actor, roundId: string, items: AgreeItem[]) => agreeActions(deps, partnershipId, actor, roundId, items),
    remindAction: (partnershipId: string, number: number, which: ActionReminder) => remindAction(deps, partnershipId, number, which),
    stopSchedule: (partnershipId: string, reason: string) => stopSchedule(deps, partnershipId, reason),
    latestRound: async (partnershipId: string) => {
      const p = await deps.store.get(partnershipId);
      return p && latestRound(p);
    },
    /** Finishes pending card updates and messages (shutdown, tests). */
    flush: async () => {
      await Promise.all([background.settled(), refresher.flush()]);
    },
  };
}

export type Services = ReturnType<typeof createServices>;
