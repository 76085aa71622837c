import type { ViewErrorsResponseAction, ViewUpdateResponseAction } from '@slack/bolt';
import { z } from 'zod';
import type { PageInput } from '../../../domain/round.js';
import { partnershipId } from '../../../services/index.js';
import type { AnswerResult, FormResult, FormState, Refusal } from '../../../services/results.js';
import { errorCode, errorParagraphs, replyParagraphs } from '../../shared/replies.js';
import { label, type Wording } from '../../shared/wording.js';
import { confirmationView, noticeView, pageErrors, pageMetadata, pageView, reviewView, type PageMetadata } from '../blocks/form.js';
import type { ModalView } from '../blocks/kit.js';
import { whereOf, type SlackContext } from '../context.js';
import { ACTIONS, BLOCKS } from '../ids.js';
import { blockAction, viewSubmission, type ViewSubmission } from '../payloads.js';
import { memberWording } from '../wording.js';
import { belongs } from './membership.js';
import { memberOf } from '../../../domain/partnership.js';
import { submittedPage } from '../../shared/submitted-page.js';

/** What a view submission is answered with (Slack applies it to the open modal). */
export type ViewAnswer = ViewUpdateResponseAction | ViewErrorsResponseAction | undefined;

const roundButton = z.string().regex(/^(slack-[0-9a-f]{32}):([a-z0-9]{8,32})$/);

/** The person acting, with their Slack name and locale. */
export async function actorOf(ctx: SlackContext, userId: string) {
  const who = await ctx.api.user(userId);
  return memberOf(userId, who);
}

export async function wordingFor(ctx: SlackContext, partnershipId: string | undefined, locale: string | undefined): Promise<Wording> {
  const p = partnershipId ? await ctx.services.get(partnershipId) : undefined;
  return memberWording(ctx.t, p, ctx.defaults, locale);
}

function refusalView(w: Wording, refusal: Refusal): ModalView {
  return noticeView(w, label(w, 'app.name'), replyParagraphs(w, refusal));
}

/** For someone answering a round of a partnership they do not belong to: nothing is opened or saved. */
function notMemberView(ctx: SlackContext, w: Wording, partnershipId: string): ModalView {
  ctx.log.info({ partnership: partnershipId }, 'slack form request refused: the person is not in the partnership');
  return noticeView(w, label(w, 'app.name'), w.t.each(w.language, 'slack.refusal.notMember'));
}

/** The workspace a payload came from. */
function teamOf(payload: { team?: { id: string } | null | undefined; user: { team_id?: string | undefined } }): string | undefined {
  return payload.team?.id ?? payload.user.team_id;
}

/** The view a form opens at: the page where the member stopped, or their review. */
export function formView(w: Wording, form: FormResult, at?: number): ModalView {
  if (form.kind !== 'form') return refusalView(w, form);
  const index = at ?? form.at;
  return index === 'review' ? reviewView(w, form) : pageView(w, form, index);
}

/** The Answer button: opens the member's form in a modal, where they stopped, pre-filled. */
export async function handleAnswer(ctx: SlackContext, body: unknown): Promise<void> {
  const target = buttonTarget(body);
  if (!target) {
    ctx.log.info('answer button payload not understood');
    return;
  }
  const { pid, roundId, here, trigger, userId, teamId } = target;
  const actor = await actorOf(ctx, userId);
  const w = await wordingFor(ctx, pid, actor.locale);
  try {
    // A round message shared into another channel does not let that channel's people answer;
    // a click that names no channel is taken only from someone who belongs to the partnership.
    if (here === undefined && !(await belongs(ctx, pid, roundId, { id: userId, team: teamId }))) {
      await ctx.api.openView(trigger, notMemberView(ctx, w, pid));
      return;
    }
    const form: FormResult = here !== false ? await ctx.services.openForm(pid, roundId, actor) : { kind: 'refused', reason: 'unknownRound' };
    await ctx.api.openView(trigger, formView(w, form));
  } catch (error) {
    ctx.log.error({ err: error, partnership: pid }, 'form could not be opened');
    await ctx.api.openView(trigger, noticeView(w, label(w, 'app.name'), errorParagraphs(w, errorCode(error))));
  }
}

/**
 * A message button that carries a partnership and a round, and whether it was clicked in that
 * partnership's channel: a message shared into another channel does not let that channel's people act on it.
 */
/**
 * What a round button names, and whether it was clicked in the partnership's own channel
 * (`here`: true, false for another channel, undefined when the click names no channel).
 */
export function buttonTarget(body: unknown): { pid: string; roundId: string; here: boolean | undefined; trigger: string; userId: string; teamId: string | undefined } | undefined {
  const parsed = blockAction.safeParse(body);
  const value = parsed.success ? roundButton.safeParse(parsed.data.actions[0]!.value) : undefined;
  if (!parsed.success || !value?.success) return undefined;
  const [, pid = '', roundId = ''] = /^(.+):(.+)$/.exec(value.data)!;
  const { user, team, channel } = parsed.data;
  const teamId = team?.id ?? user.team_id;
  const here = channel && teamId ? partnershipId('slack', whereOf(teamId, channel.id).key) === pid : undefined;
  return { pid, roundId, here, trigger: parsed.data.trigger_id, userId: user.id, teamId };
}

/** A review page's Change button: the modal goes back to that section. */
export async function handleChange(ctx: SlackContext, body: unknown): Promise<void> {
  const parsed = blockAction.safeParse(body);
  const meta = parsed.success ? metadataOf(parsed.data.view?.private_metadata) : undefined;
  const index = parsed.success ? Number(parsed.data.actions[0]!.value) : NaN;
  if (!parsed.success || !meta || !parsed.data.view || !Number.isInteger(index)) {
    ctx.log.info('change button payload not understood');
    return;
  }
  const view = parsed.data.view;
  const actor = await actorOf(ctx, parsed.data.user.id);
  const w = await wordingFor(ctx, meta.p, actor.locale);
  try {
    if (!(await belongs(ctx, meta.p, meta.r, { id: actor.id, team: teamOf(parsed.data) }))) {
      await ctx.api.updateView(view.id, view.hash, notMemberView(ctx, w, meta.p));
      return;
    }
    const form = await ctx.services.openForm(meta.p, meta.r, actor);
    const inRange = form.kind === 'form' && index >= 0 && index < form.framework.characteristics.length;
    await ctx.api.updateView(view.id, view.hash, formView(w, form, inRange ? index : undefined));
  } catch (error) {
    ctx.log.error({ err: error, partnership: meta.p }, 'form section could not be shown');
    await ctx.api.updateView(view.id, undefined, noticeView(w, label(w, 'app.name'), errorParagraphs(w, errorCode(error))));
  }
}

function metadataOf(raw: string | undefined): PageMetadata | undefined {
  try {
    const parsed = pageMetadata.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The answers on a submitted page: one select per statement block, the comment and the group. */
export function pageInput(view: ViewSubmission['view'], characteristicId: string): PageInput {
  const values = view.state.values;
  const answers = Object.entries(values)
    .filter(([blockId]) => blockId.startsWith(BLOCKS.statementPrefix))
    .map(([blockId, elements]): [string, unknown] => [blockId.slice(BLOCKS.statementPrefix.length), elements[ACTIONS.input]?.selected_option?.value]);
  return submittedPage(characteristicId, {
    answers,
    comment: values[BLOCKS.comment]?.[ACTIONS.input]?.value ?? '',
    group: values[BLOCKS.group]?.[ACTIONS.input]?.selected_option?.value,
  });
}

/**
 * A page submitted: saved through the services (a repeat of the same submission is
 * recognised by the view's id and hash and changes nothing), then the modal moves to the
 * next page or the review; a page that does not check out is answered with errors on the
 * blocks concerned, in the member's language.
 */
export async function handlePageSubmit(ctx: SlackContext, body: unknown): Promise<ViewAnswer> {
  const parsed = viewSubmission.safeParse(body);
  const meta = parsed.success ? metadataOf(parsed.data.view.private_metadata) : undefined;
  if (!parsed.success || !meta?.c) {
    ctx.log.info('form submission not understood');
    const w = memberWording(ctx.t, undefined, ctx.defaults, undefined);
    return { response_action: 'update', view: noticeView(w, label(w, 'app.name'), errorParagraphs(w, 'badRequest')) };
  }
  const { view, user } = parsed.data;
  const actor = await actorOf(ctx, user.id);
  const w = await wordingFor(ctx, meta.p, actor.locale);
  try {
    if (!(await belongs(ctx, meta.p, meta.r, { id: actor.id, team: teamOf(parsed.data) }))) return { response_action: 'update', view: notMemberView(ctx, w, meta.p) };
    const result: AnswerResult = await ctx.services.answer({
      partnershipId: meta.p,
      roundId: meta.r,
      actor,
      input: pageInput(view, meta.c),
      delivery: `slack:${view.id}:${view.hash}`,
    });
    if (result.kind === 'duplicate') return { response_action: 'update', view: formView(w, result.form) };
    if (result.kind === 'form') return { response_action: 'update', view: formView(w, result) };
    if (result.reason === 'invalidPage') {
      const form = await ctx.services.openForm(meta.p, meta.r, actor);
      const index = form.kind === 'form' ? form.framework.characteristics.findIndex((c) => c.id === meta.c) : -1;
      const errors = form.kind === 'form' && index >= 0 ? pageErrors(w, form, index, result.problems) : undefined;
      if (errors) return { response_action: 'errors', errors };
    }
    return { response_action: 'update', view: refusalView(w, result) };
  } catch (error) {
    ctx.log.error({ err: error, partnership: meta.p }, 'form page could not be saved');
    // Shown as an error on the page, so the modal keeps what the member chose and they can save again.
    const first = Object.keys(view.state.values).find((id) => id.startsWith(BLOCKS.statementPrefix));
    const message = errorParagraphs(w, errorCode(error)).join(' ');
    if (first) return { response_action: 'errors', errors: { [first]: message } };
    return { response_action: 'update', view: noticeView(w, label(w, 'app.name'), errorParagraphs(w, errorCode(error))) };
  }
}

/** The review page's Done: the confirmation (answers stay changeable until the round closes). */
export async function handleReviewSubmit(ctx: SlackContext, body: unknown): Promise<ViewAnswer> {
  const parsed = viewSubmission.safeParse(body);
  const meta = parsed.success ? metadataOf(parsed.data.view.private_metadata) : undefined;
  if (!parsed.success || !meta) return undefined;
  const actor = await actorOf(ctx, parsed.data.user.id);
  const w = await wordingFor(ctx, meta.p, actor.locale);
  try {
    if (!(await belongs(ctx, meta.p, meta.r, { id: actor.id, team: teamOf(parsed.data) }))) return { response_action: 'update', view: notMemberView(ctx, w, meta.p) };
    const form: FormResult = await ctx.services.openForm(meta.p, meta.r, actor);
    return { response_action: 'update', view: form.kind === 'form' ? confirmationOrPage(w, form) : refusalView(w, form) };
  } catch (error) {
    ctx.log.error({ err: error, partnership: meta.p }, 'review could not be confirmed');
    return { response_action: 'update', view: noticeView(w, label(w, 'app.name'), errorParagraphs(w, errorCode(error))) };
  }
}

/** Done on a review whose answers are no longer complete (erased meanwhile) goes back to the missing page. */
function confirmationOrPage(w: Wording, form: FormState): ModalView {
  return form.at === 'review' ? confirmationView(w, form) : pageView(w, form, form.at);
}
