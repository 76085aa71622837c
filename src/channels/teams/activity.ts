import { z } from 'zod';
import type { MemberRef } from '../../domain/model.js';
import type { Where } from '../../services/index.js';
import { memberOf } from '../../domain/partnership.js';

const MAX_ID = 512;

const account = z.looseObject({
  id: z.string().min(1).max(MAX_ID),
  name: z.string().max(512).default(''),
  aadObjectId: z.string().max(64).optional(),
});

const conversation = z.looseObject({
  id: z.string().min(1).max(MAX_ID),
  conversationType: z.string().max(32).default(''),
  tenantId: z.string().max(64).optional(),
  isGroup: z.boolean().default(false),
  name: z.string().max(512).default(''),
});

const mention = z.looseObject({
  type: z.literal('mention'),
  mentioned: z.looseObject({ id: z.string().min(1).max(MAX_ID), name: z.string().max(512).optional() }),
});

/**
 * A Bot Framework activity as it arrives on `/api/messages`. The fields botbuilder's Activity
 * type requires but Teams may leave out get empty defaults; anything else is kept for botbuilder.
 */
export const activitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: z.string().max(MAX_ID).optional(),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
  channelId: z.string().min(1).max(64),
  from: account,
  recipient: account,
  conversation,
  locale: z.string().max(32).optional(),
  text: z.string().max(28_000).default(''),
  name: z.string().max(128).optional(),
  action: z.string().max(64).optional(),
  value: z.unknown().optional(),
  entities: z.array(z.looseObject({ type: z.string().max(128) })).max(100).optional(),
  membersAdded: z.array(account).max(1000).optional(),
  membersRemoved: z.array(account).max(1000).optional(),
  channelData: z.unknown().optional(),
  label: z.string().default(''),
  valueType: z.string().default(''),
  listenFor: z.array(z.string()).default([]),
  localTimezone: z.string().default(''),
  callerId: z.string().default(''),
});
export type InboundActivity = z.infer<typeof activitySchema>;

const teamsChannelData = z.looseObject({
  team: z.looseObject({ name: z.string().max(256).optional() }).optional(),
  channel: z.looseObject({ name: z.string().max(256).optional() }).optional(),
  tenant: z.looseObject({ id: z.string().max(64) }).optional(),
});

/** How the bot reaches a conversation later: a conversation reference without any activity id. */
export const addressSchema = z.object({
  channelId: z.string().min(1),
  serviceUrl: z.string().min(1),
  bot: z.object({ id: z.string().min(1), name: z.string() }),
  conversation: z.object({
    id: z.string().min(1),
    conversationType: z.string(),
    isGroup: z.boolean(),
    tenantId: z.string().optional(),
  }),
});
export type Address = z.infer<typeof addressSchema>;

/** The partnership key of a conversation: a channel thread belongs to its channel. */
export function conversationKey(conversationId: string): string {
  return conversationId.split(';messageid=')[0]!;
}

export function tenantOf(a: InboundActivity): string | undefined {
  return a.conversation.tenantId ?? teamsChannelData.safeParse(a.channelData).data?.tenant?.id;
}

/** Where an activity came from, in the services' terms. */
export function whereOf(a: InboundActivity): Where {
  const key = conversationKey(a.conversation.id);
  const tenantId = tenantOf(a);
  const address: Address = {
    channelId: a.channelId,
    serviceUrl: a.serviceUrl,
    bot: { id: a.recipient.id, name: a.recipient.name },
    conversation: {
      id: key,
      conversationType: a.conversation.conversationType,
      isGroup: a.conversation.isGroup,
      ...(tenantId ? { tenantId } : {}),
    },
  };
  const data = teamsChannelData.safeParse(a.channelData).data;
  const name = [data?.team?.name, data?.channel?.name].filter(Boolean).join(' › ') || a.conversation.name || undefined;
  return { platform: 'teams', key, address, ...(name ? { name } : {}) };
}

/** The person behind an activity. */
export function actorOf(a: InboundActivity): MemberRef {
  return memberOf(a.from.id, { name: a.from.name, locale: a.locale });
}

export function isPersonal(a: InboundActivity): boolean {
  return a.conversation.conversationType === 'personal' || (!a.conversation.isGroup && a.conversation.conversationType === '');
}

/** People mentioned in a message, other than the bot. */
export function mentionsOf(a: InboundActivity): MemberRef[] {
  const out: MemberRef[] = [];
  for (const entity of a.entities ?? []) {
    const m = mention.safeParse(entity);
    if (!m.success || m.data.mentioned.id === a.recipient.id || out.some((x) => x.id === m.data.mentioned.id)) continue;
    out.push(memberOf(m.data.mentioned.id, { name: m.data.mentioned.name }));
  }
  return out;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ' };

/**
 * The command a person typed: mentions (of the bot and of people) and any HTML Teams wrapped
 * the message in are taken out, so "@asesu secretariat add @Sara" reads "secretariat add".
 */
export function commandTextOf(a: InboundActivity): string {
  return a.text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (m) => ENTITIES[m] ?? m)
    .replace(/\s+/g, ' ')
    .trim();
}
