import { z } from 'zod';
import { localesOf } from '../../../domain/text.js';
import type { AgreeProblem, AgreeState } from '../../../services/results.js';
import { agreeModel } from '../../shared/actions-model.js';
import { label, type Wording } from '../../shared/wording.js';
import { escapeEntities } from '../escape.js';
import { ACTIONS, BLOCKS, VIEWS } from '../ids.js';
import { LIMITS } from '../limits.js';
import { divider, option, plain, section, type Block, type ModalView } from './kit.js';

/** The owner option for "nobody yet" (an option value cannot be empty). */
export const OWNER_NONE = 'none';

/** What the Agree actions modal carries between requests. */
export const agreeMetadata = z.strictObject({ p: z.string().regex(/^slack-[0-9a-f]{32}$/), r: z.string().regex(/^[a-z0-9]{8,32}$/) });

/** The modal's title in both languages when it fits, else the short one, else the short one in the first language. */
function title(w: Wording, full: string): ReturnType<typeof plain> {
  const short = label(w, 'actions.agree.shortTitle');
  const first = w.t.t(localesOf(w.language)[0]!, 'actions.agree.shortTitle');
  return plain([full, short].find((t) => t.length <= LIMITS.modalTitle) ?? first, LIMITS.modalTitle);
}

/**
 * The Agree actions modal: per characteristic (priorities and divided views first) the action,
 * who is responsible (from the round's roster) and when it is due (typed: "30 April" or ISO).
 */
export function agreeView(w: Wording, state: AgreeState): ModalView {
  const m = agreeModel(w, state);
  const owners = m.owners.slice(0, LIMITS.selectOptions).map((o) => option(o.label, o.value || OWNER_NONE));
  const blocks: Block[] = [section(escapeEntities(m.intro))];
  // Slack marks optional inputs itself, in the reader's Slack language, so these labels leave "(optional)" out.
  for (const s of m.sections) {
    const owner = owners.find((o) => o.value === (s.owner.selected || OWNER_NONE));
    blocks.push(
      divider(),
      section(`*${escapeEntities(s.heading)}*`),
      { type: 'input', block_id: `${BLOCKS.actionPrefix}${s.characteristicId}`, optional: true, label: plain(s.text.label, LIMITS.inputLabel), element: { type: 'plain_text_input', action_id: ACTIONS.input, multiline: true, max_length: s.text.max, ...(s.text.value ? { initial_value: s.text.value } : {}) } },
      { type: 'input', block_id: `${BLOCKS.ownerPrefix}${s.characteristicId}`, optional: true, label: plain(label(w, 'actions.owner'), LIMITS.inputLabel), element: { type: 'static_select', action_id: ACTIONS.input, options: owners, ...(owner ? { initial_option: owner } : {}) } },
      { type: 'input', block_id: `${BLOCKS.duePrefix}${s.characteristicId}`, optional: true, label: plain(label(w, 'actions.due'), LIMITS.inputLabel), hint: plain(s.due.hint, LIMITS.hint), element: { type: 'plain_text_input', action_id: ACTIONS.input, ...(s.due.value ? { initial_value: s.due.value } : {}) } },
    );
  }
  return {
    type: 'modal',
    callback_id: VIEWS.agree,
    private_metadata: JSON.stringify({ p: m.partnershipId, r: m.roundId } satisfies z.infer<typeof agreeMetadata>),
    title: title(w, m.title),
    submit: plain(m.submit.length <= LIMITS.modalButton ? m.submit : label(w, 'slack.modal.save'), LIMITS.modalButton),
    close: plain(label(w, 'slack.modal.close'), LIMITS.modalButton),
    blocks,
  };
}

/** The errors Slack shows under the modal's input blocks. */
export function agreeErrors(w: Wording, state: AgreeState, problems: AgreeProblem[]): Record<string, string> {
  const m = agreeModel(w, state, problems);
  const errors: Record<string, string> = {};
  for (const s of m.sections) {
    if (s.text.error) errors[`${BLOCKS.actionPrefix}${s.characteristicId}`] = s.text.error;
    if (s.owner.error) errors[`${BLOCKS.ownerPrefix}${s.characteristicId}`] = s.owner.error;
    if (s.due.error) errors[`${BLOCKS.duePrefix}${s.characteristicId}`] = s.due.error;
  }
  return errors;
}
