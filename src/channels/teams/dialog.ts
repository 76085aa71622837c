import { z } from 'zod';
import type { Partnership } from '../../domain/model.js';
import { localesOf } from '../../domain/text.js';
import type { PageInput } from '../../domain/round.js';
import type { FormState, Refusal } from '../../services/results.js';
import { errorCode, errorParagraphs, replyParagraphs } from '../shared/replies.js';
import { label, names, type Wording } from '../shared/wording.js';
import { actorOf } from './activity.js';
import { openAgree, saveAgree } from './agree.js';
import { INPUT, OPEN_ROUND, VERB } from './actions.js';
import { submittedPage, typedOf } from '../shared/submitted-page.js';
import { attachment, type CardJson } from './cards.js';
import { plain } from './escape.js';
import { invokeResponse, partnershipOf, senderLanguage, timeZoneOf, type Turn } from './turn.js';
import { formCard, messageCard, pageCard, reviewCard, wording } from './views.js';

const roundId = z.string().regex(/^[a-z0-9]{8,32}$/);
const characteristicId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/);
const pageIndex = z.coerce.number().int().min(0).max(11);

const fetchValue = z.looseObject({ data: z.looseObject({ verb: z.enum([VERB.answer, VERB.agree]), roundId }) });

const submitData = z.discriminatedUnion('verb', [
  z.looseObject({ verb: z.literal(VERB.save), roundId, characteristicId, page: pageIndex }),
  z.looseObject({ verb: z.literal(VERB.goto), roundId, page: pageIndex }),
  z.looseObject({ verb: z.literal(VERB.done), roundId }),
  z.looseObject({ verb: z.literal(VERB.agreeSave), roundId }),
]);
const submitValue = z.looseObject({ data: z.record(z.string(), z.unknown()) });

/** The Answer button on the round card: opens the dialog where the member left off. */
export async function onTaskFetch(turn: Turn): Promise<void> {
  const parsed = fetchValue.safeParse(turn.activity.value);
  if (!parsed.success) return badRequest(turn, 'task/fetch');
  // A round card always names its round; OPEN_ROUND (from scripts/playground-answer.ts, for
  // clients with no dialogs) asks for the partnership's open round.
  const asked = parsed.data.data.roundId;
  if (parsed.data.data.verb === VERB.agree) return openAgree(turn, asked);
  const form = await turn.rt.services.openForm(partnershipOf(turn.activity), asked === OPEN_ROUND ? undefined : asked, actorOf(turn.activity));
  if (form.kind === 'refused') return refused(turn, form);
  const w = memberWording(turn, form.partnership);
  await showCard(turn, w, form, formCard(w, form));
}

/** A button inside the dialog: save a page, go to a page, or finish. */
export async function onTaskSubmit(turn: Turn): Promise<void> {
  const value = submitValue.safeParse(turn.activity.value);
  const data = value.success ? submitData.safeParse(value.data.data) : undefined;
  if (!value.success || !data?.success) return badRequest(turn, 'task/submit');
  const command = data.data;
  const pid = partnershipOf(turn.activity);
  const actor = actorOf(turn.activity);
  if (command.verb === VERB.done) return invokeResponse(turn, undefined);
  if (command.verb === VERB.agreeSave) return saveAgree(turn, command.roundId, value.data.data);
  if (command.verb === VERB.goto) {
    const form = await turn.rt.services.openForm(pid, command.roundId, actor);
    if (form.kind === 'refused') return refused(turn, form);
    const w = memberWording(turn, form.partnership);
    const last = form.framework.characteristics.length - 1;
    return showCard(turn, w, form, command.page > last ? reviewCard(w, form) : pageCard(w, form, command.page));
  }
  const input = pageInput(command.characteristicId, value.data.data);
  let result: Awaited<ReturnType<typeof turn.rt.services.answer>>;
  try {
    result = await turn.rt.services.answer({
      partnershipId: pid,
      roundId: command.roundId,
      actor,
      input,
      // The invoke's activity id: Teams resends the same id, so a replayed save changes nothing.
      ...(turn.activity.id ? { delivery: `teams:${turn.activity.id}` } : {}),
    });
  } catch (error) {
    return saveFailed(turn, pid, command, input, error);
  }
  if (result.kind === 'refused' && result.reason === 'invalidPage') {
    const form = await turn.rt.services.openForm(pid, command.roundId, actor);
    if (form.kind === 'refused') return refused(turn, form);
    const w = memberWording(turn, form.partnership);
    const index = form.framework.characteristics.findIndex((c) => c.id === command.characteristicId);
    if (index < 0) return badRequest(turn, 'task/submit');
    return showCard(turn, w, form, pageCard(w, form, index, result.problems, typedOf(input)));
  }
  if (result.kind === 'refused') return refused(turn, result);
  const form = result.kind === 'duplicate' ? result.form : result;
  const w = memberWording(turn, form.partnership);
  await showCard(turn, w, form, formCard(w, form));
}

/**
 * A page that could not be saved (a full or read-only disk): the same page comes back with
 * what the member typed and "could not save, please try again", so nothing they typed is lost.
 */
async function saveFailed(turn: Turn, pid: string, command: { roundId: string; characteristicId: string }, input: PageInput, error: unknown): Promise<void> {
  turn.rt.log.error({ err: error, partnership: pid }, 'dialog page could not be saved');
  const form = await turn.rt.services.openForm(pid, command.roundId, actorOf(turn.activity)).catch(() => undefined);
  const index = form?.kind === 'form' ? form.framework.characteristics.findIndex((c) => c.id === command.characteristicId) : -1;
  if (form?.kind !== 'form' || index < 0) return dialogError(turn, error);
  const w = memberWording(turn, form.partnership);
  const notice = errorParagraphs(w, errorCode(error)).join(' ');
  return showCard(turn, w, form, pageCard(w, form, index, [], typedOf(input), notice));
}

/** A dialog page's inputs: one ChoiceSet per statement (answer:<id>), the comment and the group. */
function pageInput(characteristic: string, data: Record<string, unknown>): PageInput {
  const answers = Object.entries(data)
    .filter(([key]) => key.startsWith(INPUT.answerPrefix))
    .map(([key, value]): [string, unknown] => [key.slice(INPUT.answerPrefix.length), value]);
  return submittedPage(characteristic, { answers, comment: data[INPUT.comment], group: data[INPUT.group] });
}

export function memberWording(turn: Turn, p: Partnership): Wording {
  return wording(turn.rt.translator, senderLanguage(turn, p), p.settings.timeZone);
}

/** Shows a card in the dialog, titled with the round. */
async function showCard(turn: Turn, w: Wording, form: FormState, card: CardJson): Promise<void> {
  await invokeResponse(turn, formDialog(w, form, card));
}

/** The invoke response that shows a form's card in the dialog, titled with the round. */
export function formDialog(w: Wording, form: FormState, card: CardJson): DialogBody {
  return dialogBody(label(w, 'form.title', { number: form.round.number }), card, 'large');
}

type DialogBody = ReturnType<typeof dialogBody>;

/** An invoke response that shows a card in the dialog. Sizes are named, so phones go full screen. */
function dialogBody(title: string, card: CardJson, height: 'large' | 'small') {
  return { task: { type: 'continue', value: { title, height, width: 'medium', card: attachment(card) } } };
}

export async function showDialog(turn: Turn, title: string, card: CardJson): Promise<void> {
  await invokeResponse(turn, dialogBody(title, card, 'large'));
}

export async function showMessage(turn: Turn, w: Wording, paragraphs: string[]): Promise<void> {
  const title = w.t.t(localesOf(w.language)[0]!, 'app.name');
  await invokeResponse(turn, dialogBody(title, messageCard(title, paragraphs), 'small'));
}

export async function refused(turn: Turn, refusal: Refusal): Promise<void> {
  const p = await turn.rt.services.get(partnershipOf(turn.activity));
  const w = wording(turn.rt.translator, senderLanguage(turn, p), timeZoneOf(turn, p));
  turn.rt.log.info({ partnership: partnershipOf(turn.activity), reason: refusal.reason }, 'dialog request refused');
  await showMessage(turn, w, replyParagraphs(w, refusal, { names: plain(names(p?.secretariat ?? [])) }));
}

async function badRequest(turn: Turn, what: string): Promise<void> {
  const p = await turn.rt.services.get(partnershipOf(turn.activity));
  const w = wording(turn.rt.translator, senderLanguage(turn, p), timeZoneOf(turn, p));
  turn.rt.log.info({ partnership: partnershipOf(turn.activity), invoke: what }, 'dialog request not understood');
  await showMessage(turn, w, errorParagraphs(w, 'badRequest'));
}

/** A dialog request that failed: the member sees what happened in their language; nothing was saved. */
export async function dialogError(turn: Turn, error: unknown): Promise<void> {
  const p = await turn.rt.services.get(partnershipOf(turn.activity)).catch(() => undefined);
  const w = wording(turn.rt.translator, senderLanguage(turn, p), timeZoneOf(turn, p));
  await showMessage(turn, w, errorParagraphs(w, errorCode(error)));
}
