import type { Activity, ChannelAccount, ConversationParameters, TurnContext } from 'botbuilder';
import type { Partnership } from '../../domain/model.js';
import { addressSchema, type Address } from './activity.js';
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

/** Retries a connector call that Teams throttled (429) or that failed for a moment (502–504). */
export async function retrying<T>(call: () => Promise<T>, attempts = 3, waitMs = 1_000): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const status = statusOf(error);
      if (attempt >= attempts || !(status === 429 || (status !== undefined && status >= 502 && status <= 504))) throw error;
      await new Promise((resolve) => setTimeout(resolve, waitMs * attempt));
    }
  }
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
export async function personalChat(c: Connector, address: Address, memberId: string): Promise<string> {
  const tenantId = address.conversation.tenantId;
  const created = await retrying(() =>
    c.conversations.createConversation({
      isGroup: false,
      bot: address.bot,
      members: [{ id: memberId, name: '' }],
      ...(tenantId ? { tenantId } : {}),
      channelData: tenantId ? { tenant: { id: tenantId } } : {},
    }),
  );
  if (!created.id) throw new Error('the connector created a conversation without an id');
  return created.id;
}
