import type { MemberRef } from '../../../domain/model.js';
import { localesOf } from '../../../domain/text.js';
import type { Notice } from '../../../services/ports.js';
import { noticeParagraphs } from '../../shared/notice-model.js';
import { commandText, names, type Wording } from '../../shared/wording.js';
import { channelLink, cut, inert } from '../escape.js';
import { header, pack, section, type Block } from './kit.js';

/** Paragraphs as sections: everything in them is shown as plain text (names and group labels included). */
export function paragraphBlocks(paragraphs: string[]): Block[] {
  return pack(paragraphs.map(inert).flatMap((p, i) => (i ? ['', p] : [p]))).map((text) => section(text));
}

/** A short text for notifications and for clients that cannot show blocks. */
export function fallbackText(paragraphs: string[]): string {
  return cut(inert(paragraphs.find((p) => p.trim()) ?? ''), 300);
}

/** The welcome the bot posts once when it joins a channel. */
export function welcomeMessage(w: Wording, secretariat: MemberRef[]): { text: string; blocks: Block[] } {
  const title = w.t.text(w.language, 'welcome.title', undefined, ' / ');
  const paragraphs = localesOf(w.language).flatMap((l) => [
    w.t.t(l, 'welcome.body'),
    secretariat.length
      ? w.t.t(l, 'welcome.secretariat', { name: names(secretariat), command: commandText(w, l, 'start') })
      : w.t.t(l, 'slack.welcome.firstUser', { command: commandText(w, l, 'start') }),
    w.t.t(l, 'welcome.help', { command: commandText(w, l, 'help') }),
  ]);
  return { text: title, blocks: [header(title), ...localesOf(w.language).map((_, i) => section(paragraphs.slice(i * 3, i * 3 + 3).map(inert).join('\n\n')))] };
}

/** Marks where the channel link goes, so the rest of the text can be escaped around it. */
const CHANNEL = '\u0000channel\u0000';

/**
 * A private message to one member: a thank-you, a reminder, a schedule notice. The channel
 * is named with a link, which pings nobody. (The export's file goes with its own comment.)
 */
export function noticeMessage(w: Wording, notice: Exclude<Notice, { kind: 'export' | 'report' }>, channelId: string | undefined): { text: string; blocks: Block[] } {
  const channel = (l: 'cy' | 'en') => (channelId ? CHANNEL : w.t.t(l, 'notice.thisChannel'));
  const paragraphs = noticeParagraphs(w, notice, channel);
  const link = channelId ? channelLink(channelId) : '';
  const texts = paragraphs.map((text) => inert(text).split(CHANNEL).join(link));
  return { text: cut(texts[0]!, 300), blocks: texts.map((t) => section(t)) };
}

/** The comment that goes with the exported CSV file. */
export function exportComment(w: Wording, roundNumber: number): string {
  return localesOf(w.language)
    .map((l) => w.t.t(l, 'notice.export', { number: roundNumber }))
    .join('\n\n');
}

/** The comment that goes with the board report's file. */
export function reportComment(w: Wording, rounds: number): string {
  return localesOf(w.language)
    .map((l) => w.t.t(l, 'notice.report', { count: rounds }))
    .join('\n\n');
}
