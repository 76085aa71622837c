import type { RoundView } from '../../../services/ports.js';
import { roundModel } from '../../shared/round-model.js';
import type { Wording } from '../../shared/wording.js';
import { escapeEntities } from '../escape.js';
import { ACTIONS } from '../ids.js';
import { actions, button, context, fields, header, section, type Block } from './kit.js';

/** What the Answer button carries: the partnership and the round, so it also works from a direct message. */
export function answerValue(partnershipId: string, roundId: string): string {
  return `${partnershipId}:${roundId}`;
}

/** The round message in the channel: title, purpose, deadline, progress, and Answer (or closed). */
export function roundMessage(w: Wording, view: RoundView): { text: string; blocks: Block[] } {
  const m = roundModel(w, view);
  const blocks: Block[] = [
    header(m.title),
    section(m.purpose.map(escapeEntities).join('\n\n')),
    fields([escapeEntities(m.deadline), `*${escapeEntities(m.progress)}*`]),
  ];
  if (m.actions.length) blocks.push(context(m.actions.map(escapeEntities)));
  if (m.answer) blocks.push(actions([button(m.answer, ACTIONS.answer, answerValue(m.partnershipId, m.roundId), 'primary')]));
  if (m.closed) blocks.push(section([`*${escapeEntities(m.closed.when)}*`, ...m.closed.note.map(escapeEntities)].join('\n')));
  return { text: `${m.title}: ${m.progress}`, blocks };
}
