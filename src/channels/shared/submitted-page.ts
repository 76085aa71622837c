import type { PageInput } from '../../domain/round.js';

/** The group choice for "prefer not to say": neither platform's choices can carry an empty value. */
export const GROUP_NONE = 'none';

/** Longer than any answer or comment a form lets through: what a client sends beyond it is cut, then refused by the page check. */
const MAX_INPUT = 1_200;

/**
 * A submitted form page as the services take it, from what either platform's form gave: each
 * statement's chosen value (by statement id), the comment and the group. A value that is not
 * text becomes '?', which the page check refuses as "not one of the answers shown".
 */
export function submittedPage(characteristicId: string, fields: { answers: Iterable<[string, unknown]>; comment?: unknown; group?: unknown }): PageInput {
  // No prototype: a statement id of "__proto__" stays a key (and is refused as unknown), never a prototype.
  const answers: Record<string, string | undefined> = Object.create(null) as Record<string, string | undefined>;
  for (const [statementId, value] of fields.answers) answers[statementId] = value === undefined || value === null ? undefined : typeof value === 'string' ? value.slice(0, MAX_INPUT) : '?';
  const { comment, group } = fields;
  return {
    characteristicId,
    answers,
    ...(typeof comment === 'string' ? { comment: comment.slice(0, MAX_INPUT * 2) } : {}),
    ...(typeof group === 'string' ? { group: group === GROUP_NONE ? '' : group.slice(0, 64) } : {}),
  };
}

/** What the member typed on a page, to show it again beside the problems found. */
export interface Typed {
  answers: Record<string, string | undefined>;
  comment?: string;
  group?: string;
}

export function typedOf(input: PageInput): Typed {
  return {
    answers: input.answers,
    ...(input.comment !== undefined ? { comment: input.comment } : {}),
    ...(input.group !== undefined ? { group: input.group } : {}),
  };
}
