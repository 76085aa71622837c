import type { AgreeItem } from '../../../services/actions.js';
import { errorCode, errorParagraphs, replyParagraphs } from '../../shared/replies.js';
import { label, names } from '../../shared/wording.js';
import { agreeErrors, agreeMetadata, agreeView, OWNER_NONE } from '../blocks/agree.js';
import { noticeView } from '../blocks/form.js';
import type { SlackContext } from '../context.js';
import { ACTIONS, BLOCKS } from '../ids.js';
import { viewSubmission, type ViewSubmission } from '../payloads.js';
import { memberWording } from '../wording.js';
import { actorOf, buttonTarget, wordingFor, type ViewAnswer } from './form.js';

/** The summary's Agree actions button: the secretariat gets the modal, anyone else the polite refusal. */
export async function handleAgree(ctx: SlackContext, body: unknown): Promise<void> {
  const target = buttonTarget(body);
  if (!target) {
    ctx.log.info('agree button payload not understood');
    return;
  }
  const actor = await actorOf(ctx, target.userId);
  const w = await wordingFor(ctx, target.pid, actor.locale);
  try {
    const state = target.here !== false ? await ctx.services.agreeForm(target.pid, target.roundId, actor) : ({ kind: 'refused', reason: 'unknownRound' } as const);
    const p = await ctx.services.get(target.pid);
    const view = state.kind === 'agree' ? agreeView(w, state) : noticeView(w, label(w, 'app.name'), replyParagraphs(w, state, { names: names(p?.secretariat ?? []) }));
    await ctx.api.openView(target.trigger, view);
  } catch (error) {
    ctx.log.error({ err: error, partnership: target.pid }, 'agree actions could not be opened');
    await ctx.api.openView(target.trigger, noticeView(w, label(w, 'app.name'), errorParagraphs(w, errorCode(error))));
  }
}

/** The boxes of the modal as typed. */
function itemsOf(view: ViewSubmission['view']): AgreeItem[] {
  const values = view.state.values;
  return Object.keys(values)
    .filter((id) => id.startsWith(BLOCKS.actionPrefix))
    .map((id) => id.slice(BLOCKS.actionPrefix.length))
    .map((c) => {
      const owner = values[`${BLOCKS.ownerPrefix}${c}`]?.[ACTIONS.input]?.selected_option?.value;
      return {
        characteristicId: c,
        text: values[`${BLOCKS.actionPrefix}${c}`]?.[ACTIONS.input]?.value ?? '',
        ownerId: owner && owner !== OWNER_NONE ? owner : undefined,
        due: values[`${BLOCKS.duePrefix}${c}`]?.[ACTIONS.input]?.value ?? undefined,
      };
    });
}

/** The modal submitted: one action per filled box, or errors on the boxes that do not check out. */
export async function handleAgreeSubmit(ctx: SlackContext, body: unknown): Promise<ViewAnswer> {
  const parsed = viewSubmission.safeParse(body);
  const meta = parsed.success ? agreeMetadata.safeParse(safeJson(parsed.data.view.private_metadata)) : undefined;
  if (!parsed.success || !meta?.success) {
    ctx.log.info('agree actions submission not understood');
    const w = memberWording(ctx.t, undefined, ctx.defaults, undefined);
    return { response_action: 'update', view: noticeView(w, label(w, 'app.name'), errorParagraphs(w, 'badRequest')) };
  }
  const { p: pid, r: roundId } = meta.data;
  const actor = await actorOf(ctx, parsed.data.user.id);
  const w = await wordingFor(ctx, pid, actor.locale);
  try {
    const result = await ctx.services.agreeActions(pid, actor, roundId, itemsOf(parsed.data.view));
    if (result.kind === 'refused' && result.reason === 'invalidActions') {
      const state = await ctx.services.agreeForm(pid, roundId, actor);
      if (state.kind === 'agree') return { response_action: 'errors', errors: agreeErrors(w, state, result.problems) };
    }
    return { response_action: 'update', view: noticeView(w, label(w, 'app.name'), replyParagraphs(w, result)) };
  } catch (error) {
    ctx.log.error({ err: error, partnership: pid }, 'agreed actions could not be saved');
    return { response_action: 'update', view: noticeView(w, label(w, 'app.name'), errorParagraphs(w, errorCode(error))) };
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
