import type { AgreeItem } from '../../services/actions.js';
import type { AgreeProblem, AgreeState } from '../../services/results.js';
import { agreeModel, type AgreeTyped } from '../shared/actions-model.js';
import { replyParagraphs } from '../shared/replies.js';
import type { Wording } from '../shared/wording.js';
import { actorOf } from './activity.js';
import { INPUT, OWNER_NONE, VERB } from './actions.js';
import { expandCard, type CardJson } from './cards.js';
import { safeForDisplay } from './commands.js';
import { memberWording, refused, showDialog, showMessage } from './dialog.js';
import { plain } from './escape.js';
import { partnershipOf, type Turn } from './turn.js';

const MAX_INPUT = 1_200;

/** The Agree actions dialog: a box per characteristic, priorities and divided views first. */
export function agreeCard(w: Wording, state: AgreeState, problems: AgreeProblem[] = [], typed: AgreeTyped = {}): CardJson {
  const m = agreeModel(w, state, problems, typed);
  return expandCard('agree', {
    ...m,
    verb: VERB.agreeSave,
    hasProblem: m.problem !== undefined,
    problem: m.problem ?? '',
    owners: m.owners.map((o) => ({ title: plain(o.label), value: o.value || OWNER_NONE })),
    sections: m.sections.map((s) => ({
      ...s,
      textId: `${INPUT.actionPrefix}${s.characteristicId}`,
      ownerId: `${INPUT.ownerPrefix}${s.characteristicId}`,
      dueId: `${INPUT.duePrefix}${s.characteristicId}`,
      text: { ...s.text, error: s.text.error ?? '' },
      owner: { ...s.owner, selected: s.owner.selected || OWNER_NONE, error: s.owner.error ?? '' },
      due: { ...s.due, error: s.due.error ?? '' },
    })),
  });
}

/** The summary's Agree actions button: the secretariat gets the dialog, anyone else the polite refusal. */
export async function openAgree(turn: Turn, roundId: string): Promise<void> {
  const state = await turn.rt.services.agreeForm(partnershipOf(turn.activity), roundId, actorOf(turn.activity));
  if (state.kind === 'refused') return refused(turn, state);
  const w = memberWording(turn, state.partnership);
  await showDialog(turn, agreeModel(w, state).title, agreeCard(w, state));
}

/** The dialog submitted: one action per filled box; a box that does not check out comes back marked, with what was typed. */
export async function saveAgree(turn: Turn, roundId: string, data: Record<string, unknown>): Promise<void> {
  const pid = partnershipOf(turn.activity);
  const actor = actorOf(turn.activity);
  const items = itemsOf(data);
  const result = await turn.rt.services.agreeActions(pid, actor, roundId, items);
  const p = await turn.rt.services.get(pid);
  const w = memberWording(turn, p!);
  if (result.kind === 'refused' && result.reason === 'invalidActions') {
    const state = await turn.rt.services.agreeForm(pid, roundId, actor);
    if (state.kind === 'refused') return refused(turn, state);
    const typed = Object.fromEntries(items.map((i) => [i.characteristicId, i]));
    return showDialog(turn, agreeModel(w, state).title, agreeCard(w, state, result.problems, typed));
  }
  if (result.kind === 'refused') return refused(turn, result);
  await showMessage(turn, w, replyParagraphs(w, safeForDisplay(result)));
}

/** The boxes of the dialog as typed; values that are not text are left out. */
function itemsOf(data: Record<string, unknown>): AgreeItem[] {
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string).slice(0, MAX_INPUT) : undefined);
  return Object.keys(data)
    .filter((key) => key.startsWith(INPUT.actionPrefix))
    .map((key) => key.slice(INPUT.actionPrefix.length))
    .map((id) => {
      const owner = text(`${INPUT.ownerPrefix}${id}`);
      return { characteristicId: id, text: text(`${INPUT.actionPrefix}${id}`) ?? '', ownerId: owner && owner !== OWNER_NONE ? owner : undefined, due: text(`${INPUT.duePrefix}${id}`) };
    });
}
