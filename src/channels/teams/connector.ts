import type { Activity, ChannelAccount, ConversationParameters, TurnContext } from 'botbuilder';
import type { Partnership } from '../../domain/model.js';
import { addressSchema, type Address } from './activity.js';
import { z } from 'zod';
import { Pacer, retryAfterHeader, type Lane, type Window } from '../shared/pacing.js';
import type { TeamsAdapter } from './adapter.js';

/** The Bot Connector REST calls the channel makes (botbuilder's ConnectorClient has these). */
export interface Connector {
  conversations: {
    sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<{ id?: string }>;
    updateActivity(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<{ id?: string }>;
    createConversation(parameters: ConversationParameters): Promise<{ id?: string }>;
    getConversationPagedMembers(
      conversationId: string,
      options?: { pageSize?: number; continuationToken?: string },
    ): Promise<{ continuationToken?: string; members?: ChannelAccount[] }>;
  };
}

/** The stored address of a partnership, checked: it is read back from a file. */
export function addressOf(p: Partnership): Address {
  const parsed = addressSchema.safeParse(p.address);
  if (!parsed.success) throw new Error(`partnership ${p.id} has no usable Teams address`);
  return parsed.data;
}

/** The connector of a turn, as botbuilder put it there. */
export function connectorOf(adapter: TeamsAdapter, turn: TurnContext): Connector {
  const client: Connector | undefined = turn.turnState.get(adapter.ConnectorClientKey);
  if (!client) throw new Error('no connector client on the turn');
  return client;
}

/**
 * Runs `fn` with a connector for the conversation at `address`, outside any incoming request
 * (round cards, summaries, private messages). Sends go through the connector directly, so a
 * channel post is a new post rather than a reply to botbuilder's continuation event.
 */
export async function withConnector<T>(adapter: TeamsAdapter, appId: string, address: Address, fn: (c: Connector) => Promise<T>): Promise<T> {
  let out: { value: T } | undefined;
  const reference = {
    channelId: address.channelId,
    serviceUrl: address.serviceUrl,
    bot: address.bot,
    conversation: { ...address.conversation, name: '' },
  };
  await adapter.continueConversationAsync(appId, reference, async (turn) => {
    out = { value: await fn(connectorOf(adapter, turn)) };
  });
  if (!out) throw new Error('the proactive turn did not run');
  return out.value;
}

/**
 * Teams' limits for a bot, from "Optimize your bot with rate limiting in Teams"
 * (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit): per bot
 * per thread (a channel conversation, a group chat or a personal chat) 7 operations per 1 s,
 * 8 per 2 s, 60 per 30 s and 1,800 per 3,600 s, sends, updates and roster reads alike; and 50
 * requests per second per app per tenant.
 */
const THREAD: readonly Window[] = [
  { limit: 7, ms: 1_000 },
  { limit: 8, ms: 2_000 },
  { limit: 60, ms: 30_000 },
  { limit: 1_800, ms: 3_600_000 },
];
const TENANT: readonly Window[] = [{ limit: 50, ms: 1_000 }];
/** Teams does not always say how long to wait; a second is what a 429 without Retry-After gets. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

/** How long Teams asked the bot to wait, when the error is its 429 (botbuilder's RestError carries the response). */
export function teamsRetryAfterMs(error: unknown): number | undefined {
  if (statusOf(error) !== 429) return undefined;
  const headers = z.object({ response: z.object({ headers: z.object({ get: z.function() }) }) }).safeParse(error);
  const value: unknown = headers.success ? (error as { response: { headers: { get(name: string): unknown } } }).response.headers.get('retry-after') : undefined;
  return retryAfterHeader(value) ?? DEFAULT_RETRY_AFTER_MS;
}

/** One pacer for every Teams call the service makes: the limits are the app's, not a partnership's. */
export function teamsPacer(): Pacer {
  return new Pacer({
    retryAfterMs: teamsRetryAfterMs,
    // 412, 502 and 504 are the other answers Teams asks bots to retry.
    transient: (error) => {
      const status = statusOf(error);
      return status === 412 || (status !== undefined && status >= 502 && status <= 504);
    },
  });
}

/**
 * Runs a connector call in a conversation inside Teams' limits: it waits for room in the
 * conversation and the tenant, and waits out any 429. `lane: 'interactive'` is for replies a
 * member is waiting for: they never queue behind the morning's round cards.
 */
export function paced<T>(pacer: Pacer, address: Address, conversationId: string, call: () => Promise<T>, lane: Lane = 'scheduled'): Promise<T> {
  const slots = [
    { key: `thread ${conversationId.split(';')[0]}`, windows: THREAD },
    { key: `tenant ${address.conversation.tenantId ?? ''}`, windows: TENANT },
  ];
  return pacer.run(slots, call, lane);
}

/**
 * The Bot Connector's answers when the bot was removed from the team or chat, or the
 * conversation is gone. Told apart by the connector's error code, not the status alone: a 403
 * also answers a bad argument (an empty continuation token, say), which is our fault, not a
 * sign that the bot has gone.
 */
const GONE: Record<string, number> = { BotNotInConversationRoster: 403, ConversationNotFound: 404 };

export function isGone(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && GONE[code] === statusOf(error);
}

/** The connector's error code (`{"error":{"code":…}}`), as botbuilder's RestError carries it. */
export function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  return typeof error.statusCode === 'number' ? error.statusCode : undefined;
}

/** Opens (or finds) the personal chat between the bot and one member, and returns its id. */
export async function personalChat(c: Connector, pacer: Pacer, address: Address, memberId: string, lane: Lane = 'scheduled'): Promise<string> {
  const tenantId = address.conversation.tenantId;
  // The personal chat is the thread this call opens: it is counted there.
  const created = await paced(pacer, address, `personal ${memberId}`, () =>
    c.conversations.createConversation({
      isGroup: false,
      bot: address.bot,
      members: [{ id: memberId, name: '' }],
      ...(tenantId ? { tenantId } : {}),
      channelData: tenantId ? { tenant: { id: tenantId } } : {},
    }),
    lane,
  );
  if (!created.id) throw new Error('the connector created a conversation without an id');
  return created.id;
}
