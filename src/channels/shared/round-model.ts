import type { Progress } from '../../domain/round.js';
import type { RoundView } from '../../services/ports.js';
import { sinceText } from './actions-model.js';
import { dateTime, label, perLocale, type Wording } from './wording.js';

/** What the round card says, on either platform. Never who has answered: only how many. */
export interface RoundModel {
  partnershipId: string;
  roundId: string;
  title: string;
  purpose: string[];
  deadline: string;
  progress: string;
  /** What happened to the actions agreed at the last review, one line per locale; empty when none were. */
  actions: string[];
  /** The Answer button's label; absent once the round is closed. */
  answer?: string;
  closed?: { when: string; note: string[] };
}

/** "7 of 12 partners have answered", or "7 partners have answered" when the roster could not be read. */
export function progressText(progress: Progress): [string, Record<string, number>] {
  return progress.roster === null ? ['round.progressCount', { count: progress.answered }] : ['round.progress', { answered: progress.answered, count: progress.roster }];
}

export function roundModel(w: Wording, view: RoundView): RoundModel {
  const { round, progress } = view;
  const base = {
    partnershipId: view.partnership.id,
    roundId: round.id,
    title: label(w, 'round.title', { number: round.number }),
    purpose: w.t.each(w.language, 'round.purpose'),
    deadline: label(w, 'round.deadline', (l) => ({ date: dateTime(w, l, round.deadline) })),
    progress: label(w, ...progressText(progress)),
    actions: sinceText(w, view.partnership, round) ?? [],
  };
  if (round.closedAt === undefined) return { ...base, answer: label(w, 'round.answer') };
  const closedAt = round.closedAt;
  return {
    ...base,
    closed: { when: label(w, 'round.closed', (l) => ({ date: dateTime(w, l, closedAt) })), note: perLocale(w.language, (l) => w.t.t(l, 'round.closedNote')) },
  };
}
