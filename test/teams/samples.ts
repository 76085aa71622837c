import { parseFramework, type Framework } from '../../src/domain/framework.js';
import type { Action, Group, MemberRef, Partnership, Response, Round } from '../../src/domain/model.js';
import { newPartnership } from '../../src/domain/partnership.js';
import { closeRound, openRound, progress, resumeAt } from '../../src/domain/round.js';
import { summarise } from '../../src/domain/summary.js';
import type { Language } from '../../src/domain/text.js';
import type { RoundView, SummaryView } from '../../src/services/ports.js';
import type { AgreeState, FormState } from '../../src/services/results.js';
import { agreeCard } from '../../src/channels/teams/agree.js';
import { createTranslator } from '../../src/i18n/translator.js';
import type { CardJson } from '../../src/channels/teams/cards.js';
import { summaryCard } from '../../src/channels/teams/summary-card.js';
import { textMessage } from '../../src/channels/teams/port.js';
import { replyParagraphs } from '../../src/channels/shared/replies.js';
import { channelWording, messageCard, pageCard, reviewCard, roundCard, welcomeCard, wording } from '../../src/channels/teams/views.js';
import { historyCardOf } from '../../src/channels/teams/history-card.js';
import { historyImages } from '../../src/channels/shared/history-image.js';
import { historyOf } from '../../src/domain/history.js';
import { spat } from '../support/builders.js';
import { sampleHistory } from '../support/history.js';

const historySample = { framework: spat, history: historyOf(sampleHistory(), spat) };

/** Sample partnerships, rounds, forms and summaries that the card tests check and the preview renders. */

export const NOW = Date.UTC(2026, 2, 2, 9, 30);
const DAY = 24 * 3_600_000;
const GROUPS: Group[] = [
  { id: 'g1', label: 'Employers' },
  { id: 'g2', label: 'Trade unions' },
  { id: 'g3', label: 'Government' },
];

export function partnership(language: Language, groups: Group[] = GROUPS): Partnership {
  const p = newPartnership({
    id: `teams-${'0'.repeat(32)}`,
    platform: 'teams',
    address: { channelId: 'msteams', serviceUrl: 'http://127.0.0.1/', bot: { id: '28:asesu', name: 'asesu' }, conversation: { id: '19:c@thread.tacv2', conversationType: 'channel', isGroup: true } },
    name: 'Wales Social Partnership',
    now: NOW - 30 * DAY,
    founder: { id: '29:alice', name: 'Alice Jones' },
    settings: { language, timeZone: 'Europe/London' },
  });
  return { ...p, settings: { ...p.settings, groups } };
}

function roster(n: number): MemberRef[] {
  return Array.from({ length: n }, (_, i) => ({ id: `29:member-${i}`, name: `Member ${i}` }));
}

const hex = (i: number) => i.toString(16).padStart(32, '0');

/** Answers that give each characteristic a different picture, with a divided statement or two. */
function responses(framework: Framework, count: number, comments: (i: number, c: string) => string | undefined): Response[] {
  const max = framework.scale.options[framework.scale.options.length - 1]!.value;
  return Array.from({ length: count }, (_, i) => {
    const pages: Response['pages'] = {};
    framework.characteristics.forEach((c, ci) => {
      const answers: Record<string, number | 'dk'> = {};
      c.statements.forEach((s, si) => {
        answers[s.id] = (i + si) % 11 === 0 ? 'dk' : Math.max(1, Math.min(max, ((i * (ci + 2) + si * 3 + ci) % max) + 1 + (ci % 3 === 0 ? 1 : 0) - (ci % 4 === 1 ? 1 : 0)));
      });
      const comment = comments(i, c.id);
      pages[c.id] = { answers, ...(comment ? { comment } : {}) };
    });
    return { pages, group: GROUPS[i % GROUPS.length]!.id };
  });
}

function withResponses(round: Round, list: Response[]): Round {
  return { ...round, responses: Object.fromEntries(list.map((r, i) => [hex(i + 1), r])) };
}

export function openRoundView(language: Language, answered = 7): RoundView {
  const p = partnership(language);
  const base = openRound({ id: 'round00000000001', number: 2, framework: spat, now: NOW, durationMs: 7 * DAY, trigger: 'command', roster: roster(12) });
  const round = withResponses(base, responses(spat, answered, () => undefined));
  return { partnership: { ...p, rounds: [round] }, round, framework: spat, progress: progress(round, spat) };
}

export function closedRoundView(language: Language): RoundView {
  const open = openRoundView(language, 9);
  const round = closeRound(open.round, NOW + 6 * DAY, summaryOf(open.round, spat, 12, 3));
  return { ...open, round, progress: progress(round, spat) };
}

function summaryOf(round: Round, framework: Framework, rosterSize: number, k: number, previous?: ReturnType<typeof summarise>) {
  return summarise({ framework, responses: Object.values(round.responses), rosterSize, k, groups: GROUPS, previous });
}

export const COMMENTS = [
  'Papers arrive too late to read before meetings; a week would help.',
  'We could share a short note after each meeting with what changed because of it.',
  'More time for the trade union side to consult members before decisions.',
];

export function summaryView(
  language: Language,
  options: { framework?: Framework; respondents?: number; comments?: (i: number, c: string) => string | undefined; saved?: (i: number, c: string) => boolean } = {},
): SummaryView {
  const framework = options.framework ?? spat;
  const p = partnership(language);
  const comments = options.comments ?? ((i: number, c: string) => (i < 3 && c === framework.characteristics[i % framework.characteristics.length]!.id ? COMMENTS[i] : undefined));
  const saved = options.saved ?? (() => true);
  const list = responses(framework, options.respondents ?? 9, comments).map((r, i) => ({ ...r, pages: Object.fromEntries(Object.entries(r.pages).filter(([c]) => saved(i, c))) }));
  const previousRound = withResponses(openRound({ id: 'round00000000001', number: 1, framework, now: NOW - 90 * DAY, durationMs: 7 * DAY, trigger: 'schedule', roster: roster(12) }), responses(framework, 8, () => undefined).reverse());
  const previous = summaryOf(previousRound, framework, 12, 3);
  const base = withResponses(openRound({ id: 'round00000000002', number: 2, framework, now: NOW, durationMs: 7 * DAY, trigger: 'command', roster: roster(12) }), list);
  const summary = summaryOf(base, framework, Math.max(12, list.length), 3, previous);
  const round = closeRound(base, NOW + 7 * DAY, summary);
  return { partnership: { ...p, rounds: [round] }, round, framework, summary };
}

export function tooFewSummaryView(language: Language): SummaryView {
  return summaryView(language, { respondents: 2 });
}

/** Nine answered, but only two went on to the last two pages: those two characteristics are withheld, comments and all. */
export function withheldSummaryView(language: Language): SummaryView {
  const late = ['cascade', 'monitoring'];
  return summaryView(language, {
    saved: (i, c) => i < 2 || !late.includes(c),
    comments: (i, c) => (i === 0 && c === 'monitoring' ? COMMENTS[0] : i === 2 && c === 'purpose' ? COMMENTS[1] : undefined),
  });
}

/** A member's form, with pages 1 and 2 saved. */
export function formState(language: Language, saved = 2): FormState {
  const view = openRoundView(language, 0);
  const mine = responses(spat, 1, (_i, c) => (c === 'engagement' ? 'Earlier sight of papers, please.' : undefined))[0]!;
  const response: Response = { group: 'g2', pages: Object.fromEntries(Object.entries(mine.pages).slice(0, saved)) };
  const round = { ...view.round, responses: { [hex(99)]: response } };
  return { kind: 'form', partnership: view.partnership, round, framework: spat, response, at: resumeAt(spat, response) };
}

/** A framework at Teams' size limits: 12 characteristics of 5 long statements. */
export function largestFramework(): Framework {
  const words = (n: number, seed: string) => Array.from({ length: n }, (_, i) => `${seed}${i}`).join(' ');
  return parseFramework(
    {
      id: 'largest',
      version: '1',
      name: { en: 'Largest', cy: 'Mwyaf' },
      scale: spat.scale,
      bands: spat.bands,
      characteristics: Array.from({ length: 12 }, (_, ci) => ({
        id: `c${ci}`,
        title: { en: `Characteristic number ${ci + 1} with a long title`, cy: `Nodwedd rhif ${ci + 1} gyda theitl hir` },
        description: { en: words(20, 'desc'), cy: words(20, 'disgr') },
        statements: Array.from({ length: 5 }, (_, si) => ({ id: `c${ci}-s${si}`, text: { en: words(25, 'word'), cy: words(25, 'gair') } })),
      })),
    },
    'largest',
  );
}

/** The worst case for the summary's size: 12 characteristics, 200 comments of a good length. */
export function largestSummaryView(language: Language): SummaryView {
  const framework = largestFramework();
  let n = 0;
  return summaryView(language, {
    framework,
    respondents: 60,
    comments: () => (n++ < 200 ? `Comment ${n}: ${'a thoughtful suggestion about how the partnership could work better '.repeat(4)}` : undefined),
  });
}

/** Actions agreed after round 1, one of them done before round 2 closed. */
export const ACTIONS: Action[] = [
  { number: 1, text: 'Papers a week before each meeting', characteristicId: 'cascade', owner: { id: '29:member-3', name: 'Member 3' }, due: '2026-01-15', status: 'done', roundId: 'round00000000001', createdAt: NOW - 80 * DAY, doneAt: NOW - 40 * DAY, reminded: [] },
  { number: 2, text: 'A short note after each meeting on what changed', characteristicId: 'cascade', owner: { id: '29:member-4', name: 'Member 4' }, due: '2026-04-30', status: 'open', roundId: 'round00000000001', createdAt: NOW - 80 * DAY, reminded: [] },
  { number: 3, text: 'Ask each side to name a deputy', characteristicId: 'engagement', status: 'open', roundId: 'round00000000001', createdAt: NOW - 80 * DAY, reminded: [] },
];

/** The partnership with round 1 closed and the actions agreed after it, beside `round`. */
function withAgreed(p: Partnership, round: Round): Partnership {
  const first = { ...openRound({ id: 'round00000000001', number: 1, framework: spat, now: NOW - 90 * DAY, durationMs: 7 * DAY, trigger: 'schedule', roster: roster(12) }), closedAt: NOW - 83 * DAY };
  return { ...p, rounds: [first, round], actions: ACTIONS };
}

export function actionsRoundView(language: Language): RoundView {
  const view = openRoundView(language);
  return { ...view, partnership: withAgreed(view.partnership, view.round) };
}

export function actionsFormState(language: Language): FormState {
  const form = formState(language);
  return { ...form, partnership: withAgreed(form.partnership, form.round) };
}

export function actionsSummaryView(language: Language, view: SummaryView = summaryView(language)): SummaryView {
  return { ...view, partnership: withAgreed(view.partnership, view.round) };
}

/** The Agree actions form of a closed round. */
export function agreeState(language: Language): AgreeState {
  const view = summaryView(language);
  return { kind: 'agree', ...view, owners: [{ id: '29:alice', name: 'Alice Jones' }, ...roster(4)] };
}

const t = createTranslator();

/** Every card the bot can send, in a language, by name. */
export function everyCard(language: Language): Record<string, CardJson> {
  const w = wording(t, language, 'Europe/London');
  const form = formState(language);
  const withProblems = pageCard(w, form, 0, [{ field: 'purpose-focus', problem: 'missing' }, { field: 'comment', problem: 'tooLong' }], { answers: { 'purpose-defined': '4' }, comment: 'x' });
  return {
    welcome: welcomeCard(w, partnership(language)),
    'round-open': roundCard(channelWording(t, openRoundView(language).partnership), openRoundView(language)),
    'round-closed': roundCard(w, closedRoundView(language)),
    'page-first': pageCard(w, form, 0),
    'page-middle': pageCard(w, form, 2),
    'page-problems': withProblems,
    review: reviewCard(w, formState(language, 5)),
    message: messageCard('asesu', [t.text(language, 'refusal.roundClosed')]),
    reply: textMessage(replyParagraphs(w, { kind: 'status', round: openRoundView(language).round, progress: openRoundView(language).progress, mine: { saved: 2, total: 5 }, schedule: { kind: 'monthly' }, nextReview: NOW + 30 * DAY })).attachments![0]!.content as CardJson,
    summary: summaryCard(w, summaryView(language)).card,
    'summary-too-few': summaryCard(w, tooFewSummaryView(language)).card,
    'summary-withheld': summaryCard(w, withheldSummaryView(language)).card,
    'summary-largest': summaryCard(w, largestSummaryView(language)).card,
    history: historyCardOf(historyImages(channelWording(t, partnership(language)), historySample), { narrow: 'https://asesu.example/media/a.png', wide: 'https://asesu.example/media/b.png' }),
    'round-actions': roundCard(channelWording(t, actionsRoundView(language).partnership), actionsRoundView(language)),
    'page-actions': pageCard(w, actionsFormState(language), 3),
    'summary-actions': summaryCard(w, actionsSummaryView(language)).card,
    agree: agreeCard(w, agreeState(language)),
    'agree-problems': agreeCard(w, agreeState(language), [{ characteristicId: 'cascade', field: 'due', problem: 'pastDate' }], { cascade: { text: 'Papers a week ahead', ownerId: '29:member-2', due: '2026-01-01' } }),
    'actions-reply': textMessage(replyParagraphs(w, { kind: 'actions', actions: ACTIONS, framework: spat })).attachments![0]!.content as CardJson,
  };
}

