import type { MemberRef, Partnership } from '../../domain/model.js';
import type { ChannelPort, Notice, RoundView, SummaryView } from '../../services/ports.js';
import { exportComment, noticeMessage } from './blocks/messages.js';
import { roundMessage } from './blocks/round.js';
import { summaryMessage } from './blocks/summary.js';
import { addressOf, roundCard, type SlackContext } from './context.js';
import { channelWording, memberWording } from './wording.js';

/** The number of the round an export belongs to: the last closed one, as the services export it. */
function exportedRound(p: Partnership, fileName: string): number {
  const closed = [...p.rounds].reverse().find((r) => r.summary);
  return closed?.number ?? Number(/^asesu-(\d+)-/.exec(fileName)?.[1] ?? 0);
}

/**
 * The Slack side of the services' ChannelPort: the channel's members, the round message and
 * its updates, the summary, and private messages (a DM opened with conversations.open).
 */
export function slackPort(ctx: SlackContext): ChannelPort {
  const { api, t } = ctx;
  return {
    async members(p: Partnership): Promise<MemberRef[]> {
      const users = await api.humans(addressOf(p).channel);
      return users.map((u) => ({ id: u.id, ...(u.name ? { name: u.name } : {}), ...(u.locale ? { locale: u.locale } : {}) }));
    },
    async postRound(view: RoundView): Promise<Record<string, string>> {
      const posted = await api.post(addressOf(view.partnership).channel, roundMessage(channelWording(t, view.partnership), view));
      return { ts: posted.ts, channel: posted.channel };
    },
    async updateRound(view: RoundView): Promise<void> {
      const card = roundCard.parse(view.round.card);
      await api.update(card.channel, card.ts, roundMessage(channelWording(t, view.partnership), view));
    },
    async postSummary(view: SummaryView): Promise<void> {
      await api.post(addressOf(view.partnership).channel, summaryMessage(channelWording(t, view.partnership), view));
    },
    async notify(p: Partnership, member: MemberRef, notice: Notice): Promise<void> {
      const locale = (await api.user(member.id)).locale ?? member.locale;
      const w = memberWording(t, p, ctx.defaults, locale);
      const dm = await api.dm(member.id);
      if (notice.kind === 'export') {
        await api.upload(dm, { name: notice.fileName, content: notice.csv, comment: exportComment(w, exportedRound(p, notice.fileName)) });
        return;
      }
      await api.post(dm, noticeMessage(w, notice, addressOf(p).channel));
    },
  };
}
