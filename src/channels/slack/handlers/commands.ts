import type { MemberRef, Partnership } from '../../../domain/model.js';
import { parseCommand } from '../../../i18n/commands.js';
import { partnershipId } from '../../../services/index.js';
import type { CommandResult } from '../../../services/results.js';
import { errorCode, errorParagraphs, parseErrorParagraphs, replyParagraphs } from '../../shared/replies.js';
import { commandText, names, type Wording } from '../../shared/wording.js';
import { slackErrorCode } from '../api.js';
import type { Block } from '../blocks/kit.js';
import { fallbackText, paragraphBlocks } from '../blocks/messages.js';
import { summaryMessage } from '../blocks/summary.js';
import { whereOf, type SlackContext } from '../context.js';
import { slashCommand } from '../payloads.js';
import { memberWording } from '../wording.js';
import { postHistory } from './history.js';
import { memberOf } from '../../../domain/partnership.js';

/** An answer shown to the person who typed a command. */
export interface Reply {
  text: string;
  blocks: Block[];
}

/** `<@U123|alun>` as Slack escapes a mention in a command's text. */
const MENTION = /<@([UW][A-Z0-9]{1,30})(?:\|([^>]{0,80}))?>/g;

/** Takes the people mentioned out of a command's text; the rest is parsed as the command. */
export function splitMentions(text: string): { rest: string; mentions: MemberRef[] } {
  const mentions: MemberRef[] = [];
  const rest = text.replace(MENTION, (_all, id: string, name: string | undefined) => {
    if (!mentions.some((m) => m.id === id)) mentions.push({ id, ...(name ? { name } : {}) });
    return ' ';
  });
  return { rest, mentions };
}

/** A direct or group message is not a partnership's channel. */
function isDirect(channelId: string, channelName: string | undefined): boolean {
  return channelId.startsWith('D') || channelName === 'directmessage' || !!channelName?.startsWith('mpdm-');
}

function reply(paragraphs: string[]): Reply {
  return { text: fallbackText(paragraphs), blocks: paragraphBlocks(paragraphs) };
}

/** The reply to a command, for the person who typed it. */
function replyTo(w: Wording, p: Partnership, result: CommandResult): Reply | undefined {
  if (result.kind === 'duplicate') return undefined;
  const paragraphs = replyParagraphs(w, result, { names: names(p.secretariat) });
  if (result.kind === 'summary') {
    const prefix = paragraphs.length ? paragraphBlocks(paragraphs) : [];
    return summaryMessage(w, { partnership: p, round: result.round, framework: result.framework, summary: result.summary }, { prefix });
  }
  return reply(paragraphs);
}

/**
 * `/assess` and `/asesu`: the command is acknowledged at once (Slack allows three seconds),
 * then run, and the answer goes only to the person who typed it (`reply` is ephemeral).
 */
export async function handleCommand(ctx: SlackContext, body: unknown, send: (reply: Reply) => Promise<void>): Promise<void> {
  const parsed = slashCommand.safeParse(body);
  if (!parsed.success) {
    ctx.log.info({ issue: parsed.error.issues[0]?.message }, 'slash command not understood');
    return;
  }
  const c = parsed.data;
  const where = whereOf(c.team_id, c.channel_id, c.channel_name);
  const id = partnershipId('slack', where.key);
  let w = memberWording(ctx.t, undefined, ctx.defaults, undefined, c.command);
  try {
    const who = await ctx.api.user(c.user_id);
    const actor = memberOf(c.user_id, who);
    const existing = await ctx.services.get(id);
    w = memberWording(ctx.t, existing, ctx.defaults, actor.locale, c.command);
    if (isDirect(c.channel_id, c.channel_name)) {
      await send(reply(w.t.each(w.language, 'slack.refusal.channelOnly', (l) => ({ command: commandText(w, l, 'start') }))));
      return;
    }
    // Nothing is set up in a channel asesu is not in: whoever adds it becomes the secretariat.
    if (!existing && !(await ctx.api.canPost(c.channel_id))) {
      ctx.log.info({ partnership: id }, 'command in a channel asesu is not in; nothing set up');
      await send(reply(w.t.each(w.language, 'slack.refusal.inviteFirst')));
      return;
    }
    const { rest, mentions } = splitMentions(c.text);
    const outcome = parseCommand(rest);
    if (!outcome.ok) {
      ctx.log.info({ error: outcome.error }, 'command not understood');
      await send(reply(parseErrorParagraphs(w, outcome)));
      return;
    }
    if (outcome.command.name === 'start' && !(await ctx.api.canPost(c.channel_id))) {
      await send(reply(w.t.each(w.language, 'slack.refusal.notInChannel')));
      return;
    }
    const mentioned = await Promise.all(mentions.map(async (m) => ({ ...m, ...(await named(ctx, m.id)) })));
    const result = await ctx.services.run(where, actor, outcome.command, mentioned);
    const p = (await ctx.services.get(id))!;
    w = memberWording(ctx.t, p, ctx.defaults, actor.locale, c.command);
    if (result.kind === 'history') {
      // The chart goes to the channel for everyone; the command itself needs no other answer.
      await postHistory(ctx, p, result);
      return;
    }
    const answer = replyTo(w, p, result);
    if (answer) await send(answer);
  } catch (error) {
    const code = slackErrorCode(error);
    ctx.log.error({ err: error, partnership: id }, 'slash command failed');
    const paragraphs = code === 'not_in_channel' || code === 'channel_not_found' ? w.t.each(w.language, 'slack.refusal.notInChannel') : errorParagraphs(w, errorCode(error));
    await send(reply(paragraphs));
  }
}

/** A mentioned person's name as Slack shows it (their id if Slack will not say). */
async function named(ctx: SlackContext, userId: string): Promise<{ name?: string }> {
  try {
    const user = await ctx.api.user(userId);
    return user.name ? { name: user.name } : {};
  } catch {
    return {};
  }
}
