import type { Partnership } from '../../../domain/model.js';
import { partnershipId } from '../../../services/index.js';
import type { CommandResult } from '../../../services/results.js';
import { historyImages } from '../../shared/history-image.js';
import { addressOf, whereOf, type SlackContext } from '../context.js';
import { cut, inert } from '../escape.js';
import { blockAction } from '../payloads.js';
import { channelWording } from '../wording.js';
import { memberOf } from '../../../domain/partnership.js';

/** Slack reads at most this much alt text on an image file. */
const ALT_MAX = 1_000;

/**
 * Uploads the history chart to the partnership's channel: the desktop-width PNG (Slack scales
 * it down on phones), its figures written out as the file's comment, and as much of them as
 * Slack keeps as the image's alt text for screen readers.
 */
export async function postHistory(ctx: SlackContext, p: Partnership, result: Extract<CommandResult, { kind: 'history' }>): Promise<void> {
  const images = historyImages(channelWording(ctx.t, p), { framework: result.framework, history: result.history });
  const words = images.text.join('\n\n');
  await ctx.api.uploadImage(addressOf(p).channel, {
    name: 'asesu-history.png',
    title: images.title,
    bytes: images.desktop,
    alt: cut(words, ALT_MAX),
    comment: inert(words),
  });
  ctx.log.info({ partnership: p.id, rounds: result.history.rounds.length }, 'history chart posted');
}

/** The summary's History button: the `history` command, for whoever pressed it, in that channel. */
export async function handleHistoryButton(ctx: SlackContext, body: unknown): Promise<void> {
  const parsed = blockAction.safeParse(body);
  const teamId = parsed.success ? (parsed.data.team?.id ?? parsed.data.user.team_id) : undefined;
  if (!parsed.success || !parsed.data.channel || !teamId) {
    ctx.log.info('history button payload not understood');
    return;
  }
  const where = whereOf(teamId, parsed.data.channel.id);
  // A summary shared into another channel shows that channel's history, never another's.
  if (parsed.data.actions[0]!.value !== partnershipId('slack', where.key)) {
    ctx.log.info('history button pressed outside its own channel');
    return;
  }
  try {
    const who = await ctx.api.user(parsed.data.user.id);
    const actor = memberOf(parsed.data.user.id, who);
    const result = await ctx.services.run(where, actor, { name: 'history' });
    const p = await ctx.services.get(partnershipId('slack', where.key));
    if (result.kind === 'history' && p) await postHistory(ctx, p, result);
    else ctx.log.info({ result: result.kind }, 'history button: nothing to post');
  } catch (error) {
    ctx.log.error({ err: error }, 'history chart could not be posted');
  }
}
