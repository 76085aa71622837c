import type { Framework } from '../../src/domain/framework.js';
import type { Group, Partnership, Response, Round } from '../../src/domain/model.js';
import { newPartnership, previousSummary } from '../../src/domain/partnership.js';
import { closeRound, openRound } from '../../src/domain/round.js';
import { summarise } from '../../src/domain/summary.js';
import type { Language } from '../../src/domain/text.js';
import type { App } from '../../src/app.js';
import { spat } from './builders.js';

const DAY = 24 * 3_600_000;

/** One round to close: its responses and the roster size at the time. */
export interface RoundInput {
  responses: Response[];
  roster: number;
}

/** A partnership whose rounds have all closed, each summary taken as the service takes it. */
export function closedPartnership(framework: Framework, rounds: RoundInput[], options: { language?: Language; k?: number; groups?: Group[]; name?: string } = {}): Partnership {
  const base = newPartnership({
    id: 'teams-0123456789abcdef0123456789abcdef',
    platform: 'teams',
    address: {},
    name: options.name ?? 'Fforwm Partneriaeth Gymdeithasol Gwent',
    now: Date.UTC(2025, 0, 6, 10),
    founder: { id: 'u1', name: 'Alun Jones' },
    settings: { language: options.language ?? 'en', timeZone: 'Europe/London' },
  });
  let p: Partnership = { ...base, settings: { ...base.settings, k: options.k ?? 3, groups: options.groups ?? [] } };
  rounds.forEach((input, i) => {
    const opened = Date.UTC(2025, 0, 6, 10) + i * 91 * DAY;
    const open = openRound({ id: `round${String(i + 1).padStart(4, '0')}`, number: i + 1, framework, now: opened, durationMs: 14 * DAY, trigger: 'command', roster: [] });
    const round: Round = { ...open, responses: Object.fromEntries(input.responses.map((r, j) => [`${i}`.padStart(16, '0') + j.toString(16).padStart(16, '0'), r])) };
    const summary = summarise({ framework, responses: input.responses, rosterSize: input.roster, k: p.settings.k, groups: p.settings.groups, previous: previousSummary(p, round) });
    p = { ...p, rounds: [...p.rounds, closeRound(round, opened + 14 * DAY, summary)] };
  });
  return p;
}

/** Every statement of each characteristic answered with the value given for it; "dk" elsewhere. */
export function answering(framework: Framework, values: Record<string, number | 'dk' | undefined>, group?: string, comment?: string): Response {
  const pages: Response['pages'] = {};
  for (const c of framework.characteristics) {
    const v = values[c.id];
    if (v === undefined) continue;
    pages[c.id] = { answers: Object.fromEntries(c.statements.map((s) => [s.id, v])), ...(comment ? { comment } : {}) };
  }
  return { pages, ...(group ? { group } : {}) };
}

/**
 * Four quarterly rounds of the SPAT framework: the third had too few answers for any score,
 * and in the fourth too few answered "cascade" for it to be shown.
 */
export function sampleHistory(language: Language = 'en'): Partnership {
  const f = spat;
  const row = (purpose: number, engagement: number, principles: number, cascade: number | 'dk', monitoring: number, group?: string) =>
    answering(f, { purpose, engagement, principles, cascade, monitoring }, group);
  const groups: Group[] = [
    { id: 'g1', label: 'Employers' },
    { id: 'g2', label: 'Trade unions' },
  ];
  return closedPartnership(
    f,
    [
      { roster: 8, responses: [row(4, 3, 2, 3, 4, 'g1'), row(4, 3, 2, 2, 3, 'g1'), row(3, 4, 3, 3, 4, 'g1'), row(5, 3, 2, 3, 4, 'g2'), row(4, 2, 3, 2, 3, 'g2'), row(4, 3, 2, 3, 4, 'g2')] },
      { roster: 8, responses: [row(5, 3, 3, 3, 4, 'g1'), row(4, 4, 3, 3, 4, 'g1'), row(4, 4, 2, 4, 5, 'g1'), row(5, 3, 3, 3, 4, 'g2'), row(4, 4, 3, 3, 4, 'g2'), row(4, 3, 3, 2, 4, 'g2'), row(5, 1, 5, 3, 4, 'g2')] },
      { roster: 8, responses: [row(5, 4, 4, 4, 4), row(4, 4, 3, 3, 5)] },
      { roster: 9, responses: [row(5, 4, 3, 'dk', 5, 'g1'), row(5, 4, 4, 'dk', 4, 'g1'), row(4, 5, 3, 4, 5, 'g1'), row(5, 4, 4, 4, 4, 'g2'), row(4, 4, 3, 'dk', 5, 'g2'), row(5, 2, 4, 'dk', 4, 'g2')] },
    ],
    { language, groups },
  );
}

/** Puts answers into a partnership's open round, as if members had sent them, so a test can close it. */
export async function answerOpenRound(store: { update: App['store']['update'] }, partnershipId: string, responses: Response[]): Promise<void> {
  await store.update(partnershipId, (p) => {
    const open = p!.rounds.find((r) => r.closedAt === undefined)!;
    const keyed = Object.fromEntries(responses.map((r, i) => [`${open.number}`.padStart(16, '0') + i.toString(16).padStart(16, '0'), r]));
    return { next: { ...p!, rounds: p!.rounds.map((r) => (r.id === open.id ? { ...r, responses: keyed } : r)) }, result: undefined };
  });
}

/** Two rounds' answers: in the second, only two answer "cascade", so it is withheld there. */
export const TWO_ROUNDS: Response[][] = [
  [answering(spat, { purpose: 4, engagement: 3, principles: 2, cascade: 3, monitoring: 4 }), answering(spat, { purpose: 5, engagement: 3, principles: 3, cascade: 3, monitoring: 4 }), answering(spat, { purpose: 4, engagement: 4, principles: 2, cascade: 2, monitoring: 5 })],
  [answering(spat, { purpose: 5, engagement: 4, principles: 3, cascade: 4, monitoring: 4 }), answering(spat, { purpose: 5, engagement: 4, principles: 3, cascade: 'dk', monitoring: 5 }), answering(spat, { purpose: 4, engagement: 4, principles: 4, cascade: 4, monitoring: 5 })],
];
