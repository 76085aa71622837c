import { z } from 'zod';
import type { PageProblem } from '../../../domain/round.js';
import type { FormState } from '../../../services/results.js';
import { pageModel, reviewModel, type Choice } from '../../shared/form-model.js';
import { dateTime, label, type Wording } from '../../shared/wording.js';
import { cut, escapeEntities, inertLine } from '../escape.js';
import { ACTIONS, BLOCKS, statementBlockId, VIEWS } from '../ids.js';
import { fit, LIMITS } from '../limits.js';
import { button, context, header, option, pack, plain, section, type Block, type ModalView, type Option } from './kit.js';
import { GROUP_NONE, type Typed } from '../../shared/submitted-page.js';

/** What a form view carries between requests: which partnership, round and page it shows. */
export const pageMetadata = z.strictObject({
  p: z.string().regex(/^slack-[0-9a-f]{32}$/),
  r: z.string().regex(/^[a-z0-9]{8,32}$/),
  c: z.string().max(40).optional(),
});
/** A form view's `private_metadata`, parsed. */
export type PageMetadata = z.infer<typeof pageMetadata>;

/** "Review round 3", or the short form when both languages together would pass Slack's 24 characters. */
function modalTitle(w: Wording, round: number): ReturnType<typeof plain> {
  const full = label(w, 'form.title', { number: round });
  return plain(full.length <= LIMITS.modalTitle ? full : label(w, 'slack.modal.shortTitle', { number: round }), LIMITS.modalTitle);
}

function modalButton(w: Wording, text: string, shortKey: string): ReturnType<typeof plain> {
  return plain(text.length <= LIMITS.modalButton ? text : label(w, shortKey), LIMITS.modalButton);
}

function chooser(choices: Choice[], selected: string | undefined): { type: 'radio_buttons' | 'static_select'; options: Option[]; initial?: Option } {
  const options = choices.map((c) => option(c.label, c.value || GROUP_NONE));
  const initial = selected === undefined ? undefined : options.find((o) => o.value === selected);
  return { type: choices.length <= LIMITS.radioOptions ? 'radio_buttons' : 'static_select', options, ...(initial ? { initial } : {}) };
}

function choiceInput(blockId: string, text: string, choices: Choice[], selected: string | undefined, optional: boolean): Block {
  const c = chooser(choices, selected);
  const element =
    c.type === 'radio_buttons'
      ? { type: 'radio_buttons' as const, action_id: ACTIONS.input, options: c.options, ...(c.initial ? { initial_option: c.initial } : {}) }
      : { type: 'static_select' as const, action_id: ACTIONS.input, options: c.options, ...(c.initial ? { initial_option: c.initial } : {}) };
  return { type: 'input', block_id: blockId, optional, label: plain(text, LIMITS.inputLabel), element };
}

/**
 * One page of a member's form: a characteristic's statements as radio buttons (the scale and
 * "don't know"), an optional comment, and the partner group question on the first page.
 */
export function pageView(w: Wording, form: FormState, index: number, typed?: Typed): ModalView {
  const m = pageModel(w, form, index, [], typed);
  const blocks: Block[] = [context([escapeEntities(m.pageLabel)]), header(m.heading), section(escapeEntities(m.description))];
  if (m.actions) blocks.push(section([`*${escapeEntities(m.actions.heading)}*`, ...m.actions.items.map((a) => `• ${inertLine(a)}`)].join('\n')));
  if (m.group) {
    const selected = m.group.selected ? m.group.selected : undefined;
    blocks.push(choiceInput(BLOCKS.group, label(w, 'slack.form.group'), m.group.choices, selected, true));
  }
  for (const s of m.statements) blocks.push(choiceInput(statementBlockId(s.id), s.text, m.choices, s.selected, false));
  blocks.push({
    type: 'input',
    block_id: BLOCKS.comment,
    optional: true,
    label: plain(label(w, 'slack.form.comment'), LIMITS.inputLabel),
    hint: plain(m.comment.hint, LIMITS.hint),
    element: { type: 'plain_text_input', action_id: ACTIONS.input, multiline: true, max_length: m.comment.max, ...(m.comment.value ? { initial_value: m.comment.value } : {}) },
  });
  blocks.push(context([escapeEntities(m.privacy)]));
  const metadata: PageMetadata = { p: m.partnershipId, r: m.roundId, c: m.characteristicId };
  return {
    type: 'modal',
    callback_id: VIEWS.page,
    private_metadata: JSON.stringify(metadata),
    title: modalTitle(w, form.round.number),
    submit: modalButton(w, m.submit, 'slack.modal.save'),
    close: plain(label(w, 'slack.modal.close'), LIMITS.modalButton),
    blocks,
  };
}

/** The errors Slack shows under each input block, in the member's language; undefined if a problem has no block here. */
export function pageErrors(w: Wording, form: FormState, index: number, problems: PageProblem[]): Record<string, string> | undefined {
  const m = pageModel(w, form, index, problems);
  const errors: Record<string, string> = {};
  for (const s of m.statements) if (s.error) errors[statementBlockId(s.id)] = s.error;
  if (m.comment.error) errors[BLOCKS.comment] = m.comment.error;
  if (m.group?.error) errors[BLOCKS.group] = m.group.error;
  const placed = problems.every((p) => (p.field === 'comment' ? errors[BLOCKS.comment] : p.field === 'group' ? errors[BLOCKS.group] : errors[statementBlockId(p.field)]));
  return placed && Object.keys(errors).length ? errors : undefined;
}

/** The review page: the member's own answers by section, each with a Change button, then Done. */
export function reviewView(w: Wording, form: FormState): ModalView {
  const m = reviewModel(w, form);
  const blocks: Block[] = [header(m.heading), context([escapeEntities(m.saved)])];
  if (m.group) blocks.push(section(inertLine(m.group)));
  for (const s of m.sections) {
    const lines = [`*${escapeEntities(s.heading)}*`, ...s.answers.map((a) => `• ${escapeEntities(a.statement)} — *${escapeEntities(a.answer)}*`)];
    pack(lines).forEach((text, i) => blocks.push(section(text, i === 0 ? button(m.change, ACTIONS.change, String(s.index)) : undefined)));
    blocks.push(context([cut(inertLine(s.comment), LIMITS.text)]));
  }
  return {
    type: 'modal',
    callback_id: VIEWS.review,
    private_metadata: JSON.stringify({ p: m.partnershipId, r: m.roundId } satisfies PageMetadata),
    title: modalTitle(w, form.round.number),
    submit: plain(m.done, LIMITS.modalButton),
    close: plain(label(w, 'slack.modal.close'), LIMITS.modalButton),
    blocks,
  };
}

/** A view with a message and a close button: a refusal, or the confirmation after the review. */
export function noticeView(w: Wording, title: string, paragraphs: string[]): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.notice,
    title: plain(fit(title, LIMITS.modalTitle), LIMITS.modalTitle),
    close: plain(label(w, 'slack.modal.close'), LIMITS.modalButton),
    blocks: paragraphs.map((p) => section(escapeEntities(p))),
  };
}

/** The confirmation once a member has reviewed their answers. */
export function confirmationView(w: Wording, form: FormState): ModalView {
  const title = label(w, 'form.title', { number: form.round.number });
  const text = w.t.each(w.language, 'notice.thanks', (l) => ({ number: form.round.number, deadline: dateTime(w, l, form.round.deadline) }));
  return noticeView(w, title.length <= LIMITS.modalTitle ? title : label(w, 'slack.modal.shortTitle', { number: form.round.number }), text);
}
