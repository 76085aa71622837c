import { INVOKE_RESPONSE_KEY, TeamsInfo, type TurnContext } from 'botbuilder';
import type { MemberRef } from '../../domain/model.js';
import { actorOf, whereOf, type InboundActivity } from './activity.js';
import { INVOKE } from './actions.js';
import { onMessage, replyError } from './commands.js';
import { dialogError, onTaskFetch, onTaskSubmit } from './dialog.js';
import { onFileConsent } from './files.js';
import type { TeamsPort } from './port.js';
import { cardMessage } from './port.js';
import type { TeamsRuntime } from './runtime.js';
import { invokeResponse, partnershipOf, senderLanguage, type Turn } from './turn.js';
import { channelWording, welcomeCard } from './views.js';

type Handler = (turn: Turn) => Promise<void>;

/** Handles one turn: botbuilder's context and the activity as the route parsed it. */
export type TurnLogic = (context: TurnContext, activity: InboundActivity) => Promise<void>;

/** The bot was added (to a team, a group chat or a personal chat): set up and welcome, once. */
async function onInstall(turn: Turn): Promise<void> {
  const a = turn.activity;
  const { partnership, welcome } = await turn.rt.services.install(whereOf(a), await named(turn, actorOf(a)));
  if (!welcome) return;
  turn.rt.log.info({ partnership: partnership.id }, 'installed; posting the welcome card');
  await turn.port.post(partnership, cardMessage(welcomeCard(channelWording(turn.rt.translator, partnership), partnership)));
}

/** The install event carries no name: ask Teams for it, so the welcome names a person, never an id. */
async function named(turn: Turn, actor: MemberRef): Promise<MemberRef> {
  if (actor.name) return actor;
  try {
    const member = await TeamsInfo.getMember(turn.context, actor.id);
    return member.name ? { ...actor, name: member.name } : actor;
  } catch (error) {
    turn.rt.log.info({ err: error }, 'could not look up who installed asesu; the welcome names nobody');
    return actor;
  }
}

async function onConversationUpdate(turn: Turn): Promise<void> {
  const a = turn.activity;
  if (a.membersAdded?.some((m) => m.id === a.recipient.id)) await onInstall(turn);
}

async function onInstallationUpdate(turn: Turn): Promise<void> {
  if (turn.activity.action === 'add' || turn.activity.action === 'add-upgrade') await onInstall(turn);
}

/** Activity types and invoke names to handlers; anything else is acknowledged and ignored. */
const ROUTES: Record<string, { handle: Handler; fail: (turn: Turn, error: unknown) => Promise<void> }> = {
  message: { handle: onMessage, fail: replyError },
  conversationUpdate: { handle: onConversationUpdate, fail: async () => {} },
  installationUpdate: { handle: onInstallationUpdate, fail: async () => {} },
  [`invoke:${INVOKE.taskFetch}`]: { handle: onTaskFetch, fail: dialogError },
  [`invoke:${INVOKE.taskSubmit}`]: { handle: onTaskSubmit, fail: dialogError },
  [`invoke:${INVOKE.fileConsent}`]: { handle: onFileConsent, fail: replyError },
};

/** The invoke that adaptive cards' Universal Actions send; its error answers have a set shape. */
const CARD_ACTION = 'adaptiveCard/action';

/**
 * An invoke asesu does not handle (an unknown name, or a card action verb it never sends):
 * 400 with the error body Universal Actions define (`application/vnd.microsoft.error`), its
 * message in the sender's language, where botbuilder would answer 501.
 */
async function unknownInvoke(turn: Turn): Promise<void> {
  const p = await turn.rt.services.get(partnershipOf(turn.activity)).catch(() => undefined);
  const language = senderLanguage(turn, p);
  const message = turn.rt.translator.each(language, 'teams.invoke.unknown').join(' ');
  turn.rt.log.info({ invoke: turn.activity.name, partnership: partnershipOf(turn.activity) }, 'invoke not handled; answered 400');
  const code = turn.activity.name === CARD_ACTION ? 'NotSupported' : 'BadRequest';
  await invokeResponse(turn, { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code, message } }, 400);
}

/** How long a Teams message id is remembered, so a message Teams delivers again is handled once. */
const RESEND_MEMORY_MS = 60 * 60_000;

/** True the first time a message id is seen on any instance; a store that cannot say lets the message through (its change fails there too). */
async function firstDelivery(rt: TeamsRuntime, activity: InboundActivity): Promise<boolean> {
  try {
    return await rt.shared.firstDelivery(`teams:${activity.conversation.id}|${activity.id}`, RESEND_MEMORY_MS);
  } catch (error) {
    rt.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not check for a repeated Teams message');
    return true;
  }
}

/** The turn logic: routes each activity through the table; a failure is logged and told to the sender. */
export function createLogic(rt: TeamsRuntime, port: TeamsPort): TurnLogic {
  return async (context, activity) => {
    const key = activity.type === 'invoke' ? `invoke:${activity.name ?? ''}` : activity.type;
    const route = ROUTES[key];
    if (!route && activity.type === 'invoke') {
      await unknownInvoke({ context, activity, rt, port }).catch((error: unknown) => rt.log.error({ err: error }, 'could not answer an unknown invoke'));
      answerInvoke(context);
      return;
    }
    if (!route) {
      rt.log.debug({ type: activity.type, name: activity.name }, 'activity ignored');
      return;
    }
    if (activity.type === 'message' && activity.id && !(await firstDelivery(rt, activity))) {
      rt.log.info({ partnership: partnershipOf(activity) }, 'message delivered again; already handled');
      return;
    }
    const turn: Turn = { context, activity, rt, port };
    try {
      await route.handle(turn);
    } catch (error) {
      rt.log.error({ err: error, partnership: partnershipOf(activity), route: key }, 'Teams request failed');
      await route.fail(turn, error).catch((again: unknown) => rt.log.error({ err: again }, 'could not tell the sender about a failure'));
    }
    if (activity.type === 'invoke') answerInvoke(context);
  };
}

/**
 * An invoke must get an answer (botbuilder makes a missing one a 501): when no handler gave
 * one, the invoke is acknowledged with an empty 200; what went wrong was told in the chat.
 */
function answerInvoke(context: TurnContext): void {
  if (!context.turnState.get(INVOKE_RESPONSE_KEY)) context.turnState.set(INVOKE_RESPONSE_KEY, { type: 'invokeResponse', value: { status: 200 } });
}
