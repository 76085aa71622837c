/**
 * Text that people typed (comments, group names, display names, unknown command words) is shown
 * to others only through this: it can never mention anyone, become a link or carry markup.
 * Cards put such text in TextRuns, which Adaptive Cards never read as Markdown; this takes care
 * of what a client might still pick out of plain text.
 */
const WORD_JOINER = '\u2060';

export function plain(text: string): string {
  return text
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/@/g, `@${WORD_JOINER}`)
    .replace(/:\/\//g, `:/${WORD_JOINER}/`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${WORD_JOINER}.`);
}
