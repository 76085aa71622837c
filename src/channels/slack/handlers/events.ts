import { partnershipId } from '../../../services/index.js';
import { welcomeMessage } from '../blocks/messages.js';
import { whereOf, type SlackContext } from '../context.js';
import { memberJoined } from '../payloads.js';
import { channelWording, memberWording } from '../wording.js';
import { z } from 'zod';

const eventEnvelope = z.looseObject({ team_id: z.string().optional(), event: z.unknown() });

/**
 * The bot joined a channel: it posts one short welcome, once however often Slack tells it.
 * Whoever added the bot becomes the partnership's first secretariat member (unless someone
 * already set it up with a command); without an inviter, the first person to use a
 * command does.
 */
export async function handleMemberJoined(ctx: SlackContext, body: unknown): Promise<void> {
  const outer = eventEnvelope.safeParse(body);
  const parsed = memberJoined.safeParse(outer.success ? outer.data.event : undefined);
  if (!outer.success || !parsed.success) {
    ctx.log.info('member_joined_channel event not understood');
    return;
  }
  const event = parsed.data;
  const me = await ctx.api.whoAmI();
  if (event.user !== me.botUserId) return;
  const team = outer.data.team_id ?? event.team;
  if (!team) return;
  const where = whereOf(team, event.channel);
  const existing = await ctx.services.get(partnershipId('slack', where.key));
  const installer = event.inviter ? await inviterOf(ctx, event.inviter) : existing?.secretariat[0];
  if (!installer) {
    await ctx.api.post(event.channel, welcomeMessage(memberWording(ctx.t, undefined, ctx.defaults, undefined), []));
    return;
  }
  const { partnership, welcome } = await ctx.services.install(where, installer);
  if (!welcome) return;
  await ctx.api.post(event.channel, welcomeMessage(channelWording(ctx.t, partnership), partnership.secretariat));
}

async function inviterOf(ctx: SlackContext, userId: string) {
  const who = await ctx.api.user(userId);
  return { id: userId, ...(who.name ? { name: who.name } : {}), ...(who.locale ? { locale: who.locale } : {}) };
}
