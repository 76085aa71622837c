/** Checks on text that partners type, shared by comments and group names. */

// C0 and C1 controls except tab and line breaks, and the bidirectional embedding,
// override and isolate characters that can make text read differently from what it holds.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

export type TextProblem = 'tooLong' | 'badCharacters';

/** Trims and normalises typed text; undefined when it is acceptable and empty. */
export function checkText(raw: string, max: number): { ok: true; text: string | undefined } | { ok: false; problem: TextProblem } {
  const text = raw.normalize('NFC').trim();
  if (FORBIDDEN.test(text)) return { ok: false, problem: 'badCharacters' };
  if ([...text].length > max) return { ok: false, problem: 'tooLong' };
  return { ok: true, text: text || undefined };
}

export const COMMENT_MAX = 1000;
export const GROUP_LABEL_MAX = 60;
