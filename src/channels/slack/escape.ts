/**
 * Text for Slack's mrkdwn. Slack has no escape for its formatting characters, so text that
 * people wrote is made inert: `&`, `<` and `>` become entities (no mention, channel ping or
 * link can be formed), and the four formatting marks become look-alike characters that
 * Slack does not treat as markup. Every mrkdwn text object is also sent with
 * `verbatim: true`, so Slack does not auto-link or parse mentions in it.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Look-alikes that read the same but never pair into bold, italics, strikethrough or code. */
const MARKS: Record<string, string> = {
  '*': '\u2217', // ∗ asterisk operator
  _: '\u02cd', // ˍ modifier letter low macron
  '~': '\u223c', // ∼ tilde operator
  '`': '\u02cb', // ˋ modifier letter grave accent
};

/** Only the three characters Slack reserves: for our own wording, which holds no markup. */
export function escapeEntities(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITIES[c]!);
}

/** Text someone wrote (a comment, a name, a group label), shown exactly as plain text in mrkdwn. */
export function inert(text: string): string {
  return escapeEntities(text).replace(/[*_~`]/g, (c) => MARKS[c]!);
}

/** Inert text on one line: a comment's line breaks would otherwise start quotes or lists. */
export function inertLine(text: string): string {
  return inert(text.replace(/\s*[\r\n]+\s*/g, ' '));
}

/** `*text*` around text already made inert. */
export function bold(inertText: string): string {
  return inertText ? `*${inertText}*` : '';
}

/** A link to a channel (it names the channel, it pings nobody). */
export function channelLink(channelId: string): string {
  return `<#${channelId}>`;
}

/**
 * Cuts text to at most `max` characters without splitting an entity or a surrogate pair,
 * ending with an ellipsis when anything was cut.
 */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const amp = text.lastIndexOf('&', end);
  if (amp >= 0 && amp > end - 5 && text.indexOf(';', amp) >= end) end = amp;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
