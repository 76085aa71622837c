import type { Framework } from './framework.js';
import { checkText, COMMENT_MAX, type TextProblem } from './input.js';
import type { Group, MemberRef, Page, Response, Round } from './model.js';

/** Keys in a round's `done` list: scheduled work already done for it. */
export const DONE = {
  summary: 'summary',
  nudge: (offsetMs: number) => `nudge:${offsetMs}`,
} as const;

export const MIN_DURATION_MS = 5 * 60_000;
export const MAX_DURATION_MS = 90 * 24 * 3_600_000;

/** A new open round with its roster snapshot and the framework version it uses. */
export function openRound(args: {
  id: string;
  number: number;
  framework: Framework;
  now: number;
  durationMs: number;
  trigger: Round['trigger'];
  /** Null when the channel's members could not be read: the round starts all the same. */
  roster: MemberRef[] | null;
}): Round {
  return {
    id: args.id,
    number: args.number,
    frameworkId: args.framework.id,
    frameworkVersion: args.framework.version,
    trigger: args.trigger,
    openedAt: args.now,
    deadline: args.now + args.durationMs,
    roster: args.roster ?? [],
    ...(args.roster ? {} : { rosterUnknown: true as const }),
    responses: {},
    done: [],
  };
}

/** A round takes answers until it is closed or its deadline passes, whichever is first. */
export function acceptsAnswers(round: Round, now: number): boolean {
  return round.closedAt === undefined && now < round.deadline;
}

/** Closing is idempotent: a closed round stays as it was closed. */
export function closeRound(round: Round, now: number, summary: NonNullable<Round['summary']>): Round {
  if (round.closedAt !== undefined) return round;
  return { ...round, closedAt: now, summary };
}

export function hasFinished(response: Response | undefined, framework: Framework): boolean {
  return !!response && framework.characteristics.every((c) => response.pages[c.id] !== undefined);
}

/** "7 of 12 partners have answered": members who saved every page, out of the roster (null when it could not be read). */
export interface Progress {
  answered: number;
  roster: number | null;
}

export function progress(round: Round, framework: Framework): Progress {
  const answered = Object.values(round.responses).filter((r) => hasFinished(r, framework)).length;
  return { answered, roster: round.rosterUnknown ? null : Math.max(round.roster.length, answered) };
}

/** Where a member resumes: the first characteristic without a saved page, or the review page. */
export function resumeAt(framework: Framework, response: Response | undefined): number | 'review' {
  const index = framework.characteristics.findIndex((c) => response?.pages[c.id] === undefined);
  return index < 0 ? 'review' : index;
}

export type PageProblem =
  | { field: string; problem: 'missing' | 'offScale' | 'unknownStatement' }
  | { field: 'comment'; problem: TextProblem }
  | { field: 'group'; problem: 'unknownGroup' };

export interface PageInput {
  characteristicId: string;
  /** Values as they arrive from a form: a scale value as text, or "dk". */
  answers: Readonly<Record<string, string | undefined>>;
  comment?: string | undefined;
  /** A group id, "" to clear it, or undefined to leave it as it is. */
  group?: string | undefined;
}

export type CheckedPage = { characteristicId: string; page: Page; group?: string | null };

/** Checks one submitted page against the framework: every statement answered on the scale or "don't know". */
export function checkPage(
  framework: Framework,
  groups: readonly Group[],
  input: PageInput,
): { ok: true; value: CheckedPage } | { ok: false; problems: PageProblem[] } {
  const characteristic = framework.characteristics.find((c) => c.id === input.characteristicId);
  if (!characteristic) return { ok: false, problems: [{ field: 'characteristic', problem: 'unknownStatement' }] };
  const scale = new Set(framework.scale.options.map((o) => String(o.value)));
  const known = new Set(characteristic.statements.map((s) => s.id));
  const problems: PageProblem[] = [];
  const answers: Page['answers'] = {};
  for (const field of Object.keys(input.answers)) {
    if (!known.has(field)) problems.push({ field, problem: 'unknownStatement' });
  }
  for (const s of characteristic.statements) {
    const raw = Object.hasOwn(input.answers, s.id) ? input.answers[s.id]?.trim() : undefined;
    if (!raw) problems.push({ field: s.id, problem: 'missing' });
    else if (raw === 'dk') answers[s.id] = 'dk';
    else if (scale.has(raw)) answers[s.id] = Number(raw);
    else problems.push({ field: s.id, problem: 'offScale' });
  }
  const page: Page = { answers };
  if (input.comment !== undefined) {
    const checked = checkText(input.comment, COMMENT_MAX);
    if (!checked.ok) problems.push({ field: 'comment', problem: checked.problem });
    else if (checked.text) page.comment = checked.text;
  }
  let group: string | null | undefined;
  if (input.group !== undefined) {
    if (input.group === '') group = null;
    else if (groups.some((g) => g.id === input.group)) group = input.group;
    else problems.push({ field: 'group', problem: 'unknownGroup' });
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: group === undefined ? { characteristicId: characteristic.id, page } : { characteristicId: characteristic.id, page, group } };
}

/**
 * Saves a checked page for a member. Nothing beside the answers records who saved it or when:
 * the roster stays the snapshot taken at the start (a late joiner is not added, and no locale
 * is copied in), and responses are kept in pseudonym order, not in the order they arrived.
 */
export function savePage(round: Round, member: string, checked: CheckedPage): Round {
  const before: Response = round.responses[member] ?? { pages: {} };
  const response: Response = { ...before, pages: { ...before.pages, [checked.characteristicId]: checked.page } };
  if (checked.group === null) delete response.group;
  else if (checked.group !== undefined) response.group = checked.group;
  return { ...round, responses: byPseudonym({ ...round.responses, [member]: response }) };
}

function byPseudonym(responses: Round['responses']): Round['responses'] {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Removes a member's answers from a round, and their comments from its published summary. The
 * summary's figures stay as published: working them out again would show, by the difference,
 * what the member had answered.
 */
export function forgetMember(round: Round, member: string): Round {
  const response = round.responses[member];
  if (!response) return round;
  const responses = { ...round.responses };
  delete responses[member];
  if (!round.summary) return { ...round, responses };
  const characteristics = round.summary.characteristics.map((c) => {
    const mine = response.pages[c.id]?.comment?.trim();
    if (!c.shown || !mine) return c;
    const index = c.comments.indexOf(mine);
    // Two members who wrote the same words leave one copy: which one was whose is not recorded.
    return index < 0 ? c : { ...c, comments: c.comments.filter((_, i) => i !== index) };
  });
  return { ...round, responses, summary: { ...round.summary, characteristics } };
}
