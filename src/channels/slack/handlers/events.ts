import { partnershipId } from '../../../services/index.js';
import { welcomeMessage } from '../blocks/messages.js';
import { whereOf, type SlackContext } from '../context.js';
import { memberJoined } from '../payloads.js';
import { channelWording, memberWording } from '../wording.js';
import { z } from 'zod';
import type { MemberRef } from '../../../domain/model.js';
import { memberOf } from '../../../domain/partnership.js';

const eventEnvelope = z.looseObject({ team_id: z.string().optional(), event: z.unknown() });

/**
 * The bot joined a channel: it posts one short welcome, once however often Slack tells it.
 * Whoever added the bot becomes the partnership's secretariat, even when a command raced this
 * event (see `handOver`); without an inviter, the first person to use a command does.
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
  const id = partnershipId('slack', where.key);
  const existing = await ctx.services.get(id);
  const installer = event.inviter ? await inviterOf(ctx, event.inviter) : existing?.secretariat[0];
  if (event.inviter && installer && existing) await handOver(ctx, id, installer);
  if (!installer) {
    await ctx.api.post(event.channel, welcomeMessage(memberWording(ctx.t, undefined, ctx.defaults, undefined), []));
    return;
  }
  const { partnership, welcome } = await ctx.services.install(where, installer);
  if (!welcome) return;
  await ctx.api.post(event.channel, welcomeMessage(channelWording(ctx.t, partnership), partnership.secretariat));
}

/**
 * Slack tells of the bot's arrival a moment after it is in the channel, so a command can come
 * first and set the partnership up with whoever typed it. Only a partnership that no arrival has
 * been handled for yet, set up within this window (Slack's retries of an event included), is a
 * race; a later invitation (asesu removed and added again) changes no secretariat.
 */
export const RACE_WINDOW_MS = 10 * 60_000;

/** The inviter Slack names becomes the secretariat of a partnership a command set up first. */
async function handOver(ctx: SlackContext, id: string, inviter: MemberRef): Promise<void> {
  const now = ctx.services.deps.clock.now();
  const handed = await ctx.services.deps.store.update<boolean>(id, (p) => {
    if (!p || p.welcomed || now - p.createdAt > RACE_WINDOW_MS || (p.secretariat.length === 1 && p.secretariat[0]!.id === inviter.id)) return { result: false };
    const secretariat = [memberOf(inviter.id, { name: inviter.name })];
    return { next: { ...p, secretariat }, result: true };
  });
  if (handed) ctx.log.info({ partnership: id }, 'a command came before asesu was added; the person who added it is the secretariat');
}

async function inviterOf(ctx: SlackContext, userId: string) {
  const who = await ctx.api.user(userId);
  return memberOf(userId, who);
}
