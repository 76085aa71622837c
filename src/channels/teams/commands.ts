import { z } from 'zod';
import type { Action, Partnership } from '../../domain/model.js';
import { localesOf } from '../../domain/text.js';
import { parseCommand, type ParseOutcome } from '../../i18n/commands.js';
import type { CommandResult } from '../../services/results.js';
import { errorCode, errorParagraphs, parseErrorParagraphs, replyParagraphs } from '../shared/replies.js';
import { names, type Wording } from '../shared/wording.js';
import { actorOf, commandTextOf, isPersonal, mentionsOf, whereOf } from './activity.js';
import { VERB } from './actions.js';
import { plain } from './escape.js';
import { historyCard } from './history-card.js';
import { cardMessage, textMessage } from './port.js';
import { summaryCard } from './summary-card.js';
import { partnershipOf, senderLanguage, timeZoneOf, type Turn } from './turn.js';
import { channelWording, wording } from './views.js';

/** What the summary card's History button submits. */
const historyButton = z.looseObject({ verb: z.literal(VERB.history) });

/** Who sees the reply to a command: everyone in the conversation, only the sender, or no one (a card says it). */
type Audience = 'public' | 'private' | 'none';

/**
 * Replies that concern only the sender go to their personal chat with the bot; changes the
 * whole partnership should know about are answered in the conversation.
 */
function audienceOf(result: CommandResult): Audience {
  switch (result.kind) {
    case 'refused':
    case 'help':
    case 'status':
    case 'exported':
    case 'reported':
    case 'forgotten':
      return 'private';
    case 'history':
      // The chart card is the answer, in the conversation.
      return 'none';
    case 'started':
      // The card says it all, unless the roster could not be read: the starter hears why it shows no total.
      return result.round.rosterUnknown ? 'private' : 'none';
    case 'closed':
    case 'duplicate':
      return 'none';
    case 'summary':
      return 'public';
    case 'actions':
      // A change is the partnership's business; the list is for whoever asked.
      return result.change ? 'public' : 'private';
    case 'schedule':
    case 'language':
    case 'timeZone':
    case 'groups':
      return result.changed ? 'public' : 'private';
    case 'secretariat':
      return result.added.length || result.removed.length ? 'public' : 'private';
    default: {
      const unknown: never = result;
      return unknown;
    }
  }
}

/** A message typed to the bot: a command, by @mention in a channel or chat, or as plain text in a personal chat. */
export async function onMessage(turn: Turn): Promise<void> {
  const a = turn.activity;
  const { services } = turn.rt;
  const text = commandTextOf(a);
  const button = historyButton.safeParse(a.value);
  if (!text && a.value !== undefined && !button.success) {
    turn.rt.log.info({ partnership: partnershipOf(a) }, 'ignored a card submission sent as a message');
    return;
  }
  // The summary card's History button sends its verb, and is the `history` command.
  const outcome: ParseOutcome = !text && button.success ? { ok: true, command: { name: 'history' } } : parseCommand(text);
  if (!outcome.ok) {
    const p = await services.get(partnershipOf(a));
    const w = wording(turn.rt.translator, senderLanguage(turn, p), timeZoneOf(turn, p));
    const safe = outcome.error === 'unknown' ? { ...outcome, word: plain(outcome.word) } : outcome;
    turn.rt.log.info({ partnership: partnershipOf(a), error: outcome.error }, 'command not understood');
    await replyPrivately(turn, p, parseErrorParagraphs(w, safe));
    return;
  }
  const result = await services.run(whereOf(a), actorOf(a), outcome.command, mentionsOf(a));
  const p = (await services.get(partnershipOf(a)))!;
  const audience = audienceOf(result);
  if (result.kind === 'history') {
    const card = await historyCard(turn.rt, channelWording(turn.rt.translator, p), { framework: result.framework, history: result.history });
    await turn.context.sendActivity(cardMessage(card));
  }
  if (audience === 'none') return;
  const w = audience === 'public' ? channelWording(turn.rt.translator, p) : wording(turn.rt.translator, senderLanguage(turn, p), p.settings.timeZone);
  const paragraphs = replyParagraphs(w, safeForDisplay(result), { names: plain(names(p.secretariat)) });
  if (result.kind === 'summary') {
    const { card } = summaryCard(w, { partnership: p, round: result.round, framework: result.framework, summary: result.summary });
    await turn.context.sendActivity(cardMessage(card));
  }

  if (!paragraphs.length) return;
  if (audience === 'public') await turn.context.sendActivity(textMessage(paragraphs));
  else await replyPrivately(turn, p, paragraphs);
}

/** Names, group labels and action texts in a result, made safe to show as plain text. */
export function safeForDisplay(result: CommandResult): CommandResult {
  const people = <T extends { name?: string | undefined }>(list: T[]) => list.map((m) => (m.name ? { ...m, name: plain(m.name) } : m));
  const actions = (list: Action[]) => list.map((a) => ({ ...a, text: plain(a.text), ...(a.owner ? { owner: people([a.owner])[0]! } : {}) }));
  switch (result.kind) {
    case 'secretariat':
      return { ...result, members: people(result.members), added: people(result.added), removed: people(result.removed) };
    case 'groups':
      return { ...result, groups: result.groups.map((g) => ({ ...g, label: plain(g.label) })) };
    case 'actions':
      return { ...result, actions: actions(result.actions), ...(result.changed ? { changed: actions(result.changed) } : {}) };
    case 'status':
      return result.overdue ? { ...result, overdue: actions(result.overdue) } : result;
    default:
      return result;
  }
}

/**
 * A reply only the sender should see. In a personal chat it is the chat; elsewhere it goes to
 * their personal chat with the bot (Teams has no private replies inside a channel). If that
 * chat cannot be opened, the thread hears only that a private message could not be delivered
 * and how to open the chat: never what it said, which could tell others who took part.
 */
export async function replyPrivately(turn: Turn, p: Partnership | undefined, paragraphs: string[]): Promise<void> {
  const message = textMessage(paragraphs);
  if (isPersonal(turn.activity) || !p) {
    await turn.context.sendActivity(message);
    return;
  }
  try {
    // A member is waiting for this reply: it does not queue behind scheduled posts.
    await turn.port.sendPrivately(p, turn.activity.from.id, message, 'interactive');
  } catch (error) {
    turn.rt.log.warn({ err: error, partnership: p.id }, 'could not open a personal chat; saying so in the conversation, without the reply');
    const w = wording(turn.rt.translator, senderLanguage(turn, p), p.settings.timeZone);
    const to = turn.activity.from.name ? `${plain(turn.activity.from.name)}: ` : '';
    await turn.context.sendActivity(textMessage(localesOf(w.language).map((l) => to + w.t.t(l, 'teams.privateUndelivered'))));
  }
}

/** Tells the sender that something failed, in their language, without a stack trace. */
export async function replyError(turn: Turn, error: unknown): Promise<void> {
  const p = await turn.rt.services.get(partnershipOf(turn.activity)).catch(() => undefined);
  const w: Wording = wording(turn.rt.translator, senderLanguage(turn, p), timeZoneOf(turn, p));
  await replyPrivately(turn, p, errorParagraphs(w, errorCode(error)));
}
