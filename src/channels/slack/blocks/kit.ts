import type { types } from '@slack/bolt';
import { cut } from '../escape.js';
import { fit, LIMITS } from '../limits.js';

/** The few Block Kit builders every Slack view here is made of. Text passed in is already escaped. */

export type Block = types.KnownBlock;
/** A modal view (views.open, views.update, response_action). */
export type ModalView = types.ModalView;
/** One choice in radio buttons or a menu. */
export type Option = types.PlainTextOption;

/** Formatted text, sent verbatim so Slack adds no links or mentions of its own. */
export function mrkdwn(text: string): types.MrkdwnElement {
  return { type: 'mrkdwn', text: cut(text, LIMITS.text), verbatim: true };
}

/** Plain text, cut to a limit. */
export function plain(text: string, max: number = LIMITS.text): types.PlainTextElement {
  return { type: 'plain_text', text: fit(text, max), emoji: true };
}

/** A heading block. */
export function header(text: string): types.HeaderBlock {
  return { type: 'header', text: plain(text, LIMITS.header) };
}

/** A section of formatted text, with an optional button beside it. */
export function section(text: string, accessory?: types.Button): types.SectionBlock {
  return { type: 'section', text: mrkdwn(text), ...(accessory ? { accessory } : {}) };
}

/** A section of short texts side by side (one above the other on a phone). */
export function fields(texts: string[]): types.SectionBlock {
  return { type: 'section', fields: texts.slice(0, LIMITS.sectionFields).map((t) => ({ type: 'mrkdwn', text: cut(t, LIMITS.fieldText), verbatim: true })) };
}

/** Small print. */
export function context(texts: string[]): types.ContextBlock {
  return { type: 'context', elements: texts.slice(0, LIMITS.contextElements).map(mrkdwn) };
}

/** A rule between parts. */
export function divider(): types.DividerBlock {
  return { type: 'divider' };
}

/** A button with its action id and value. */
export function button(text: string, actionId: string, value: string, style?: 'primary'): types.Button {
  return { type: 'button', text: plain(text, LIMITS.buttonText), action_id: actionId, value, ...(style ? { style } : {}) };
}

/** A row of buttons. */
export function actions(elements: types.Button[]): types.ActionsBlock {
  return { type: 'actions', elements };
}

/** A choice with its label and value. */
export function option(label: string, value: string): Option {
  return { text: plain(label, LIMITS.optionText), value };
}

/**
 * Splits lines into texts of at most `max` characters, keeping lines whole where they fit,
 * so a long list becomes several sections instead of one Slack would refuse.
 */
export function pack(lines: string[], max: number = LIMITS.text): string[] {
  const out: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = cut(raw, max);
    if (current && current.length + 1 + line.length > max) {
      out.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) out.push(current);
  return out;
}

/** The characters of text a block holds, as Slack counts them towards a message's total. */
export function textLength(block: Block): number {
  let total = 0;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'text' && typeof inner === 'string') total += inner.length;
        else visit(inner);
      }
    }
  };
  visit(block);
  return total;
}
