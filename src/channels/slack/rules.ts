import type { Framework, FrameworkRule } from '../../domain/framework.js';
import type { LocalisedText } from '../../domain/text.js';
import { SEPARATOR } from '../shared/wording.js';
import { escapeEntities } from './escape.js';
import { LIMITS } from './limits.js';

/** The longest a framework text can be shown: both languages together, as a `cy+en` view shows it. */
function both(text: LocalisedText): string {
  return `${text.cy}${SEPARATOR}${text.en}`;
}

function tooLong(path: string, text: string, max: number, where: string): { path: string; reason: string }[] {
  const length = [...text].length;
  return length > max ? [{ path, reason: `${length} characters in Welsh and English together; ${where} holds at most ${max} (Slack)` }] : [];
}

/**
 * Room in the summary message for the text it always shows: every characteristic's title
 * (in its row, and again among strengths or priorities) and the answer labels.
 */
export const SUMMARY_FIXED_TEXT = 2_500;

function summaryRoom(f: Framework): { path: string; reason: string }[] {
  const texts = [...f.characteristics.map((c) => c.title), ...f.scale.options.map((o) => o.label)];
  const total = texts.reduce((n, text) => n + [...escapeEntities(both(text))].length, 0);
  return total > SUMMARY_FIXED_TEXT
    ? [{ path: 'characteristics', reason: `the titles and answer labels come to ${total} characters in Welsh and English together; a Slack summary message has room for ${SUMMARY_FIXED_TEXT}` }]
    : [];
}

/**
 * Slack's Block Kit limits applied to a framework when it is loaded: every text that Slack
 * shows in a fixed-size place must fit there in both languages together. Scales longer than
 * Slack's ten radio buttons are shown as a menu, so they need no rule.
 */
export const slackFrameworkRules: FrameworkRule[] = [
  (f: Framework) => [
    ...f.scale.options.flatMap((o, i) => tooLong(`scale.options[${i}].label`, both(o.label), LIMITS.optionText, 'an answer option')),
    ...tooLong('scale.dontKnow', both(f.scale.dontKnow), LIMITS.optionText, 'an answer option'),
    ...f.characteristics.flatMap((c, ci) => [
      ...tooLong(`characteristics[${ci}].title`, both(c.title), LIMITS.header, 'a heading'),
      ...tooLong(`characteristics[${ci}].description`, escapeEntities(both(c.description)), LIMITS.text, 'a section of text'),
      ...c.statements.flatMap((s, si) =>
        tooLong(`characteristics[${ci}].statements[${si}].text`, both(s.text), LIMITS.inputLabel, 'the label of a question'),
      ),
    ]),
    ...summaryRoom(f),
  ],
];
