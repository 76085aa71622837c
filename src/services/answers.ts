import type { MemberRef, Partnership, Round } from '../domain/model.js';
import { memberOf, openRoundOf, rememberDelivery, replaceRound, roundById, seenDelivery } from '../domain/partnership.js';
import { acceptsAnswers, checkPage, forgetMember, hasFinished, resumeAt, savePage, type PageInput } from '../domain/round.js';
import type { Background } from './background.js';
import type { CardRefresher } from './card-refresher.js';
import { PlatformBusyError } from './ports.js';
import { channelOf, frameworkFor, isRefusal, type Actor, type Deps } from './context.js';
import type { AnswerResult, CommandResult, FormResult, FormState, Refusal } from './results.js';

/** The form of a round (the open one when none is named) for one member: where to resume and what they saved before. */
export async function openForm(deps: Deps, partnershipId: string, roundId: string | undefined, actor: Actor): Promise<FormResult> {
  const p = await deps.store.get(partnershipId);
  return formOf(deps, p, roundId ?? (p && openRoundOf(p)?.id) ?? '', actor);
}

function formOf(deps: Deps, p: Partnership | undefined, roundId: string, actor: Actor): FormResult {
  const round = p && roundById(p, roundId);
  if (!p || !round) return { kind: 'refused', reason: 'unknownRound' };
  if (!acceptsAnswers(round, deps.clock.now())) return { kind: 'refused', reason: 'roundClosed' };
  const framework = frameworkFor(deps, round.frameworkId);
  if (isRefusal(framework)) return framework;
  const response = round.responses[deps.pseudonymise(p.platform, actor.id)];
  return { kind: 'form', partnership: p, round, framework, response, at: resumeAt(framework, response) };
}

/**
 * Saves one page of a member's answers. A page that does not check out is refused with the
 * problems and saves nothing; a delivery seen before changes nothing again. The member who
 * completes their last page gets a private thank-you (sent in the background), and the channel
 * card's progress moves.
 */
export async function answerPage(
  deps: Deps,
  refresher: CardRefresher,
  background: Background,
  request: { partnershipId: string; roundId: string; actor: Actor; input: PageInput; delivery?: string | undefined },
): Promise<AnswerResult> {
  const { partnershipId, roundId, actor, input, delivery } = request;
  const who = memberOf(actor.id, actor);
  const result = await deps.store.update<AnswerResult>(partnershipId, (p) => {
    const form = formOf(deps, p, roundId, actor);
    if (p && delivery && seenDelivery(p, delivery)) {
      return { result: form.kind === 'form' ? { kind: 'duplicate', form } : form };
    }
    if (form.kind !== 'form') return { result: form };
    const checked = checkPage(form.framework, form.partnership.settings.groups, input);
    if (!checked.ok) return { result: { kind: 'refused', reason: 'invalidPage', problems: checked.problems } };
    const member = deps.pseudonymise(form.partnership.platform, actor.id);
    const round = savePage(form.round, member, checked.value);
    let next = replaceRound(form.partnership, round);
    if (delivery) next = rememberDelivery(next, delivery, deps.clock.now());
    const response = round.responses[member]!;
    const finishedNow = !hasFinished(form.response, form.framework) && hasFinished(response, form.framework);
    return {
      next,
      result: { ...form, partnership: next, round, response, at: resumeAt(form.framework, response), saved: true, finishedNow },
    };
  });
  if (result.kind === 'form' && result.finishedNow) {
    refresher.request(partnershipId, roundId);
    // After the answer is acknowledged: the thank-you is two platform calls the member need not wait for.
    background.add(thank(deps, result, who));
  }
  if (result.kind === 'refused') deps.log.info({ partnership: partnershipId, round: roundId, reason: result.reason }, 'answer refused');
  return result;
}

async function thank(deps: Deps, form: FormState, member: MemberRef): Promise<void> {
  try {
    await channelOf(deps, form.partnership).notify(form.partnership, member, { kind: 'thanks', round: form.round });
  } catch (error) {
    // The form has already told the member their answers are saved: on a morning busier than the platform allows, the repeat is dropped.
    if (error instanceof PlatformBusyError) deps.log.info({ partnership: form.partnership.id, reason: error.message }, 'thank-you not sent: the platform has no room for it now');
    else deps.log.warn({ err: error, partnership: form.partnership.id }, 'could not send the thank-you message');
  }
}

/**
 * "Forget me": erases the caller's answers in every round of the partnership. Open rounds'
 * progress is recomputed; closed rounds' summaries are aggregates and stay as they were.
 */
export async function forgetMe(deps: Deps, refresher: CardRefresher, partnershipId: string, actor: Actor): Promise<CommandResult> {
  const result = await deps.store.update<Refusal | { kind: 'forgotten'; rounds: number; open: number; openIds: string[] }>(partnershipId, (p) => {
    const member = deps.pseudonymise(p!.platform, actor.id);
    const touched = p!.rounds.filter((r) => member in r.responses);
    if (!touched.length) return { result: { kind: 'refused', reason: 'noAnswers' } };
    const rounds = p!.rounds.map((r) => forgetMember(r, member));
    const open: Round[] = touched.filter((r) => r.closedAt === undefined);
    return { next: { ...p!, rounds }, result: { kind: 'forgotten', rounds: touched.length, open: open.length, openIds: open.map((r) => r.id) } };
  });
  if (result.kind === 'refused') return result;
  for (const id of result.openIds) refresher.request(partnershipId, id);
  deps.log.info({ partnership: partnershipId, rounds: result.rounds }, 'member answers erased on request');
  return { kind: 'forgotten', rounds: result.rounds, open: result.open };
}
