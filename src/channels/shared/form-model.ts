import type { PageProblem } from '../../domain/round.js';
import type { FormState } from '../../services/results.js';
import { pageActions } from './actions-model.js';
import { dateTime, label, localised, type Wording } from './wording.js';
import type { Typed } from './submitted-page.js';

/** The value a form sends for "don't know". */
export const DONT_KNOW = 'dk';

export interface Choice {
  value: string;
  label: string;
}

/** One page of a member's private form: one characteristic's statements on the framework's scale. */
export interface PageModel {
  kind: 'page';
  partnershipId: string;
  roundId: string;
  characteristicId: string;
  title: string;
  pageLabel: string;
  index: number;
  total: number;
  heading: string;
  description: string;
  privacy: string;
  /** The actions agreed for this characteristic at the last review, so partners judge the change with the facts beside them. */
  actions?: { heading: string; items: string[] };
  /** The scale's options and "don't know", in the framework's order. */
  choices: Choice[];
  statements: { id: string; text: string; selected?: string; error?: string }[];
  comment: { label: string; hint: string; value?: string; error?: string; max: number };
  /** The partner group question, on the first page only, when the partnership has groups. */
  group?: { label: string; choices: Choice[]; selected: string; error?: string };
  submit: string;
  problem?: string;
}

/** The last page: the member's own answers, with a way back to each section. */
export interface ReviewModel {
  kind: 'review';
  partnershipId: string;
  roundId: string;
  title: string;
  heading: string;
  saved: string;
  sections: { index: number; heading: string; answers: { statement: string; answer: string }[]; comment: string }[];
  group?: string;
  change: string;
  done: string;
}

/**
 * A page of the form as a member sees it, pre-filled with what they saved (or just typed),
 * with problems marked. `notice` replaces the problem line, as when the page could not be saved.
 */
export function pageModel(
  w: Wording,
  form: FormState,
  index: number,
  problems: PageProblem[] = [],
  typed?: Typed,
  notice?: string,
): PageModel {
  const { framework, response, round, partnership } = form;
  const c = framework.characteristics[index]!;
  const saved = response?.pages[c.id];
  const problemText = (field: string) => {
    const p = problems.find((x) => x.field === field);
    return p ? label(w, `form.problems.${p.problem}`) : undefined;
  };
  const choices: Choice[] = [
    ...framework.scale.options.map((o) => ({ value: String(o.value), label: localised(w.language, o.label) })),
    { value: DONT_KNOW, label: localised(w.language, framework.scale.dontKnow) },
  ];
  const last = index === framework.characteristics.length - 1;
  const groups = partnership.settings.groups;
  const model: PageModel = {
    kind: 'page',
    partnershipId: partnership.id,
    roundId: round.id,
    characteristicId: c.id,
    title: label(w, 'form.title', { number: round.number }),
    pageLabel: label(w, 'form.page', { page: index + 1, total: framework.characteristics.length }),
    index,
    total: framework.characteristics.length,
    heading: localised(w.language, c.title),
    description: localised(w.language, c.description),
    privacy: label(w, 'form.privacy', { k: partnership.settings.k }),
    choices,
    statements: c.statements.map((s) => {
      const value = typed ? typed.answers[s.id] : saved?.answers[s.id];
      const error = problemText(s.id);
      return { id: s.id, text: localised(w.language, s.text), ...(value !== undefined ? { selected: String(value) } : {}), ...(error ? { error } : {}) };
    }),
    comment: { label: label(w, 'form.comment'), hint: label(w, 'form.commentHint'), max: 1000 },
    submit: label(w, last ? 'form.finish' : 'form.next'),
  };
  const comment = typed ? typed.comment : saved?.comment;
  if (comment) model.comment.value = comment;
  const commentError = problemText('comment');
  if (commentError) model.comment.error = commentError;
  if (index === 0 && groups.length) {
    const groupError = problemText('group');
    model.group = {
      label: label(w, 'form.group'),
      choices: [{ value: '', label: label(w, 'form.groupNone') }, ...groups.map((g) => ({ value: g.id, label: g.label }))],
      selected: typed?.group ?? response?.group ?? '',
      ...(groupError ? { error: groupError } : {}),
    };
  }
  const actions = pageActions(w, partnership, round, c.id);
  if (actions) model.actions = actions;
  if (problems.length) model.problem = label(w, 'refusal.invalidPage');
  if (notice) model.problem = notice;
  return model;
}

export function reviewModel(w: Wording, form: FormState): ReviewModel {
  const { framework, response, round, partnership } = form;
  const answerLabel = (value: string | number | undefined) => {
    if (value === DONT_KNOW) return localised(w.language, framework.scale.dontKnow);
    const option = framework.scale.options.find((o) => o.value === value);
    return option ? localised(w.language, option.label) : '—';
  };
  const group = partnership.settings.groups.find((g) => g.id === response?.group);
  return {
    kind: 'review',
    partnershipId: partnership.id,
    roundId: round.id,
    title: label(w, 'form.title', { number: round.number }),
    heading: label(w, 'review.title'),
    saved: label(w, 'review.saved', (l) => ({ deadline: dateTime(w, l, round.deadline) })),
    sections: framework.characteristics.map((c, index) => {
      const page = response?.pages[c.id];
      return {
        index,
        heading: localised(w.language, c.title),
        answers: c.statements.map((s) => ({ statement: localised(w.language, s.text), answer: answerLabel(page?.answers[s.id]) })),
        comment: page?.comment ? `${label(w, 'review.comment')}: ${page.comment}` : label(w, 'review.noComment'),
      };
    }),
    ...(group ? { group: `${label(w, 'review.group')}: ${group.label}` } : {}),
    change: label(w, 'review.change'),
    done: label(w, 'review.done'),
  };
}
