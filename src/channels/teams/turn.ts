import type { Activity, TurnContext } from 'botbuilder';
import type { Partnership } from '../../domain/model.js';
import { privateLanguage, type Language } from '../../domain/text.js';
import { partnershipId } from '../../services/index.js';
import { conversationKey, type InboundActivity } from './activity.js';
import type { TeamsPort } from './port.js';
import type { TeamsRuntime } from './runtime.js';

/** One incoming activity being handled: the parsed activity and what the handlers need. */
export interface Turn {
  context: TurnContext;
  activity: InboundActivity;
  rt: TeamsRuntime;
  port: TeamsPort;
}

/** The partnership id of the conversation an activity came from: never taken from a payload. */
export function partnershipOf(a: InboundActivity): string {
  return partnershipId('teams', conversationKey(a.conversation.id));
}

/** The language of a reply only the sender sees: theirs when Welsh or English, else the partnership's. */
export function senderLanguage(turn: Turn, p: Partnership | undefined): Language {
  return privateLanguage(turn.activity.locale, p?.settings.language ?? turn.rt.services.deps.defaults.language);
}

export function timeZoneOf(turn: Turn, p: Partnership | undefined): string {
  return p?.settings.timeZone ?? turn.rt.services.deps.defaults.timeZone;
}

/** Answers an invoke (a dialog request) with a status and body. */
export async function invokeResponse(turn: Turn, body: unknown, status = 200): Promise<void> {
  const response: Partial<Activity> = { type: 'invokeResponse', value: { status, body } };
  await turn.context.sendActivity(response);
}
