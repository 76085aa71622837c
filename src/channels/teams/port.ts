import type { Activity } from 'botbuilder';
import type { MemberRef, Partnership } from '../../domain/model.js';
import { localesOf, privateLanguage } from '../../domain/text.js';
import { ChannelGoneError, type ChannelPort, type Notice, type RoundView, type SummaryView } from '../../services/ports.js';
import type { Lane } from '../shared/pacing.js';
import { noticeLane, noticeParagraphs } from '../shared/notice-model.js';
import { reportHtml } from '../shared/report-html.js';
import type { Address } from './activity.js';
import { CONTENT_TYPE } from './actions.js';
import { attachment, expandCard } from './cards.js';
import { addressOf, codeOf, isGone, paced, personalChat, statusOf, teamsPacer, withConnector, type Connector } from './connector.js';
import { plain } from './escape.js';
import type { PendingExport } from './exports.js';
import type { TeamsRuntime } from './runtime.js';
import { summaryCard } from './summary-card.js';
import { channelWording, roundCard, wording } from './views.js';

const PAGE_SIZE = 500;

/** What the services ask of Teams: the roster, the channel's cards, private messages. */
export class TeamsPort implements ChannelPort {
  /** Keeps this service's calls inside Teams' limits; stopped with the service. */
  readonly pacer = teamsPacer();

  constructor(private readonly rt: TeamsRuntime) {}

  async members(p: Partnership): Promise<MemberRef[]> {
    const address = addressOf(p);
    return this.connect(address, async (c) => {
      const people: MemberRef[] = [];
      // The first page is asked for with no token at all: the connector refuses an empty one.
      let token: string | undefined;
      do {
        const options = token ? { pageSize: PAGE_SIZE, continuationToken: token } : { pageSize: PAGE_SIZE };
        const page = await paced(this.pacer, address, address.conversation.id, () => c.conversations.getConversationPagedMembers(address.conversation.id, options));
        for (const m of page.members ?? []) {
          // 28: ids are bots, the bot itself among them.
          if (m.id && !m.id.startsWith('28:') && m.id !== address.bot.id) people.push({ id: m.id, ...(m.name ? { name: m.name } : {}) });
        }
        token = page.continuationToken || undefined;
      } while (token);
      return people;
    });
  }

  async postRound(view: RoundView): Promise<Record<string, string>> {
    const address = addressOf(view.partnership);
    const card = roundCard(channelWording(this.rt.translator, view.partnership), view);
    const sent = await this.connect(address, (c) => paced(this.pacer, address, address.conversation.id, () => c.conversations.sendToConversation(address.conversation.id, cardMessage(card))));
    if (!sent.id) throw new Error('the connector did not return the round card id');
    return { activityId: sent.id };
  }

  async updateRound(view: RoundView): Promise<void> {
    const activityId = view.round.card?.activityId;
    if (!activityId) return;
    const address = addressOf(view.partnership);
    const card = roundCard(channelWording(this.rt.translator, view.partnership), view);
    await this.connect(address, (c) => paced(this.pacer, address, address.conversation.id, () => c.conversations.updateActivity(address.conversation.id, activityId, { ...cardMessage(card), id: activityId })));
  }

  async postSummary(view: SummaryView): Promise<void> {
    const address = addressOf(view.partnership);
    const { card, commentsLeftOut } = summaryCard(channelWording(this.rt.translator, view.partnership), view);
    if (commentsLeftOut) this.rt.log.info({ partnership: view.partnership.id, round: view.round.id, commentsLeftOut }, 'summary card shortened to fit a Teams message');
    await this.connect(address, (c) => paced(this.pacer, address, address.conversation.id, () => c.conversations.sendToConversation(address.conversation.id, cardMessage(card))));
  }

  async notify(p: Partnership, member: MemberRef, notice: Notice): Promise<void> {
    const w = wording(this.rt.translator, privateLanguage(member.locale, p.settings.language), p.settings.timeZone);
    const safe = notice.kind === 'actionDue' ? { ...notice, action: { ...notice.action, text: plain(notice.action.text) } } : notice;
    const message =
      safe.kind === 'export'
        ? await this.fileMessage(p, member, { fileName: safe.fileName, content: safe.csv, contentType: 'text/csv', command: 'export' }, w.t.text(w.language, 'teams.export.consent', { file: safe.fileName, number: safe.round.number }))
        : safe.kind === 'report'
          ? await this.fileMessage(p, member, { fileName: safe.fileName, content: reportHtml(channelWording(this.rt.translator, p), safe.report), contentType: 'text/html', command: 'report' }, w.t.text(w.language, 'teams.report.consent', { file: safe.fileName }))
          : textMessage(noticeParagraphs(w, safe, (l) => (p.name ? plain(p.name) : w.t.t(l, 'notice.thisChannel'))));
    await this.sendPrivately(p, member.id, message, noticeLane(notice));
  }

  /** Sends a message to one member's personal chat with the bot. */
  async sendPrivately(p: Partnership, memberId: string, message: Partial<Activity>, lane: Lane = 'scheduled'): Promise<void> {
    const address = addressOf(p);
    // Not through connect(): a member who cannot be reached privately says nothing about the channel.
    await withConnector(this.rt.adapter, this.rt.appId, address, async (c) => {
      const chat = await personalChat(c, this.pacer, address, memberId, lane);
      await paced(this.pacer, address, chat, () => c.conversations.sendToConversation(chat, message), lane);
    });
  }

  /** Posts a new message in the partnership's conversation (a new post in a channel). */
  async post(p: Partnership, message: Partial<Activity>): Promise<void> {
    const address = addressOf(p);
    await this.connect(address, (c) => paced(this.pacer, address, address.conversation.id, () => c.conversations.sendToConversation(address.conversation.id, message)));
  }

  /** A file consent card: Teams puts a bot's file in a personal chat only through the member's OneDrive. */
  private async fileMessage(p: Partnership, member: MemberRef, file: Omit<PendingExport, 'memberId' | 'partnershipId'>, description: string): Promise<Partial<Activity>> {
    const id = await this.rt.exports.add({ ...file, memberId: member.id, partnershipId: p.id });
    return {
      type: 'message',
      attachments: [
        {
          contentType: CONTENT_TYPE.fileConsent,
          name: file.fileName,
          content: {
            description,
            sizeInBytes: Buffer.byteLength(file.content, 'utf8'),
            acceptContext: { exportId: id },
            declineContext: { exportId: id },
          },
        },
      ],
    };
  }

  /** Runs connector calls for the conversation; "the bot is no longer there" becomes ChannelGoneError. */
  private async connect<T>(address: Address, fn: (c: Connector) => Promise<T>): Promise<T> {
    try {
      return await withConnector(this.rt.adapter, this.rt.appId, address, fn);
    } catch (error) {
      if (isGone(error)) throw new ChannelGoneError(`Bot Connector ${statusOf(error)} ${codeOf(error)}`);
      throw error;
    }
  }
}

/** A message carrying one Adaptive Card. */
export function cardMessage(card: Record<string, unknown>): Partial<Activity> {
  return { type: 'message', attachments: [attachment(card)] };
}

/**
 * A few paragraphs, as a small card: plain text joins lines into one run in some Teams clients,
 * and Markdown would read what people typed (names, group labels) as markup. In a card each
 * paragraph is its own block of TextRuns, never Markdown; `summary` is what notifications show.
 */
export function textMessage(paragraphs: string[]): Partial<Activity> {
  const blocks = paragraphs.filter((p) => p.trim()).map((p) => ({ lines: p.split('\n').filter((line) => line.trim()) }));
  return { type: 'message', summary: blocks[0]?.lines[0] ?? '', attachments: [attachment(expandCard('reply', { paragraphs: blocks }))] };
}
