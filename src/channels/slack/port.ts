import type { MemberRef, Partnership } from '../../domain/model.js';
import { ChannelGoneError, type ChannelPort, type Notice, type RoundView, type SummaryView } from '../../services/ports.js';
import { slackErrorCode } from './api.js';
import { noticeLane } from '../shared/notice-model.js';
import { reportHtml } from '../shared/report-html.js';
import { exportComment, noticeMessage, reportComment } from './blocks/messages.js';
import { roundMessage } from './blocks/round.js';
import { summaryMessage } from './blocks/summary.js';
import { addressOf, roundCard, type SlackContext } from './context.js';
import { channelWording, memberWording } from './wording.js';

/** Web API errors that mean the bot can no longer post in the channel: the schedule stops on them. */
const GONE = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'channel_is_archived']);

/** Runs a call on the partnership's channel, turning "you are no longer there" into ChannelGoneError. */
async function inChannel<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const code = slackErrorCode(error);
    if (code && GONE.has(code)) throw new ChannelGoneError(code);
    throw error;
  }
}

/**
 * The Slack side of the services' ChannelPort: the channel's members, the round message and
 * its updates, the summary, and private messages (a DM opened with conversations.open).
 */
export function slackPort(ctx: SlackContext): ChannelPort {
  const { api, t } = ctx;
  return {
    async members(p: Partnership): Promise<MemberRef[]> {
      const users = await inChannel(() => api.humans(addressOf(p).channel));
      return users.map((u) => ({ id: u.id, ...(u.name ? { name: u.name } : {}), ...(u.locale ? { locale: u.locale } : {}) }));
    },
    async postRound(view: RoundView): Promise<Record<string, string>> {
      const posted = await inChannel(() => api.post(addressOf(view.partnership).channel, roundMessage(channelWording(t, view.partnership), view)));
      return { ts: posted.ts, channel: posted.channel };
    },
    async updateRound(view: RoundView): Promise<void> {
      const card = roundCard.parse(view.round.card);
      await inChannel(() => api.update(card.channel, card.ts, roundMessage(channelWording(t, view.partnership), view)));
    },
    async postSummary(view: SummaryView): Promise<void> {
      await inChannel(() => api.post(addressOf(view.partnership).channel, summaryMessage(channelWording(t, view.partnership), view)));
    },
    async notify(p: Partnership, member: MemberRef, notice: Notice): Promise<void> {
      const lane = noticeLane(notice);
      const locale = (await api.user(member.id, lane)).locale ?? member.locale;
      const w = memberWording(t, p, ctx.defaults, locale);
      const dm = await api.dm(member.id, lane);
      if (notice.kind === 'export') {
        await api.upload(dm, { name: notice.fileName, content: notice.csv, comment: exportComment(w, notice.round.number) });
        return;
      }
      if (notice.kind === 'report') {
        await api.upload(dm, { name: notice.fileName, content: reportHtml(channelWording(t, p), notice.report), comment: reportComment(w, notice.report.history.rounds.length) });
        return;
      }
      await api.post(dm, noticeMessage(w, notice, addressOf(p).channel), lane);
    },
  };
}
