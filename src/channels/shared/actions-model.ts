import { actionsBefore, countActions, doneSince, ACTION_TEXT_MAX } from '../../domain/actions.js';
import { atLocalTime } from '../../domain/calendar.js';
import type { Framework } from '../../domain/framework.js';
import type { Action, Partnership, Round } from '../../domain/model.js';
import type { Locale } from '../../domain/text.js';
import { formatDate } from '../../i18n/dates.js';
import type { ActionsResult, AgreeProblem, AgreeState } from '../../services/results.js';
import type { Choice } from './form-model.js';
import { commandText, label, localised, perLocale, type Wording } from './wording.js';

/**
 * Agreed actions in words, the same on Teams and Slack: the list, the line on the next round's
 * card and form pages, the line in the next summary, and the Agree actions form. Action texts
 * and owners' names are typed by people: each channel makes them inert when it renders them.
 */

/** "30 April 2026" for a stored calendar day. */
export function dueText(w: Wording, l: Locale, day: string): string {
  return formatDate(l, atLocalTime(day, '12:00', w.timeZone), w.timeZone);
}

function titleIn(framework: Framework | undefined, l: Locale, id: string | undefined): string | undefined {
  const c = id ? framework?.characteristics.find((x) => x.id === id) : undefined;
  return c?.title[l];
}

/** "3. Draft a plan — Characteristic: Cascade · Responsible: Sara · Due: 30 April 2026 · Open" */
export function actionLine(w: Wording, l: Locale, a: Action, framework: Framework | undefined): string {
  const t = (key: string) => w.t.t(l, key);
  const title = titleIn(framework, l, a.characteristicId);
  const facts = [
    ...(title ? [`${t('actions.for')}: ${title}`] : []),
    ...(a.owner?.name ? [`${t('actions.owner')}: ${a.owner.name}`] : []),
    ...(a.due ? [`${t('actions.due')}: ${dueText(w, l, a.due)}`] : []),
    t(`actions.status.${a.status}`),
  ];
  return `${a.number}. ${a.text} — ${facts.join(' · ')}`;
}

/** The reply to `actions` and to a change of one: what changed, then the list (dropped ones left out). */
export function actionsParagraphs(w: Wording, l: Locale, r: ActionsResult): string[] {
  const list = commandText(w, l, 'actions');
  const shown = r.actions.filter((a) => a.status !== 'dropped');
  const lines = shown.length ? [`${w.t.t(l, 'actions.title')}\n${shown.map((a) => `• ${actionLine(w, l, a, r.framework)}`).join('\n')}`] : [];
  switch (r.change) {
    case 'added':
      return [w.t.t(l, 'actions.added', { count: r.changed?.length ?? 0, command: list }), ...lines];
    case 'done':
    case 'dropped':
      return [w.t.t(l, `actions.${r.change}`, { number: r.changed?.[0]?.number ?? 0 })];
    default:
      return lines.length ? lines : [w.t.t(l, 'actions.none', { command: `${list} ${w.t.t(l, 'words.add')}` })];
  }
}

/** "3 actions agreed since the last review: 2 done, 1 open", for the next round's card; undefined when none were. */
export function sinceText(w: Wording, p: Partnership, round: Round): string[] | undefined {
  const counts = countActions(actionsBefore(p, round));
  if (!counts.agreed) return undefined;
  return perLocale(w.language, (l) => {
    const parts = [
      w.t.t(l, 'actions.countDone', { count: counts.done }),
      w.t.t(l, 'actions.countOpen', { count: counts.open }),
      ...(counts.dropped ? [w.t.t(l, 'actions.countDropped', { count: counts.dropped })] : []),
    ];
    return w.t.t(l, 'actions.since', { count: counts.agreed, parts: parts.join(', ') });
  });
}

/** The actions agreed for one characteristic at the last review, for its form page. */
export function pageActions(w: Wording, p: Partnership, round: Round, characteristicId: string): { heading: string; items: string[] } | undefined {
  const actions = actionsBefore(p, round).filter((a) => a.characteristicId === characteristicId && a.status !== 'dropped');
  if (!actions.length) return undefined;
  return { heading: label(w, 'actions.pageHeading'), items: actions.map((a) => `${a.text} (${label(w, `actions.status.${a.status}`)})`) };
}

/** Per characteristic, the actions done since the previous round, for the summary beside the trend. */
export function doneBeside(w: Wording, p: Partnership, round: Round): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, actions] of doneSince(p, round)) out.set(id, `${label(w, 'actions.doneSince')}: ${actions.map((a) => a.text).join('; ')}`);
  return out;
}

/** The Agree actions form: a box per characteristic, priorities and divided views first. */
export interface AgreeModel {
  partnershipId: string;
  roundId: string;
  title: string;
  shortTitle: string;
  intro: string;
  submit: string;
  owners: Choice[];
  sections: {
    characteristicId: string;
    heading: string;
    text: { label: string; max: number; value: string; error?: string };
    owner: { label: string; selected: string; error?: string };
    due: { label: string; hint: string; value: string; error?: string };
  }[];
  problem?: string;
}

/** What was typed in the form, by characteristic, to show it again with its problems. */
export type AgreeTyped = Record<string, { text?: string | undefined; ownerId?: string | undefined; due?: string | undefined }>;

export function agreeModel(w: Wording, state: AgreeState, problems: AgreeProblem[] = [], typed: AgreeTyped = {}): AgreeModel {
  const { framework, summary, round, partnership } = state;
  const divided = new Set(summary.divided.map((d) => d.characteristicId));
  const rank = (id: string) => (summary.priorities.includes(id) ? 0 : divided.has(id) ? 1 : 2);
  const order = (id: string) => rank(id) * 100 + (rank(id) === 0 ? summary.priorities.indexOf(id) : 0);
  const ordered = [...framework.characteristics].sort((a, b) => order(a.id) - order(b.id));
  const error = (id: string, field: AgreeProblem['field']) => {
    const p = problems.find((x) => x.characteristicId === id && x.field === field);
    if (!p) return {};
    const key = p.problem === 'nothing' || p.problem === 'unknownOwner' ? `actions.agree.problems.${p.problem}` : `refusal.badAction.${p.problem}`;
    return { error: label(w, key) };
  };
  return {
    partnershipId: partnership.id,
    roundId: round.id,
    title: label(w, 'actions.agree.title'),
    shortTitle: label(w, 'actions.agree.shortTitle'),
    intro: label(w, 'actions.agree.intro'),
    submit: label(w, 'actions.agree.submit'),
    owners: [{ value: '', label: label(w, 'actions.agree.ownerNone') }, ...state.owners.map((m) => ({ value: m.id, label: m.name ?? m.id }))],
    sections: ordered.map((c) => {
      const tag = rank(c.id) === 0 ? ` — ${label(w, 'actions.agree.priority')}` : rank(c.id) === 1 ? ` — ${label(w, 'actions.agree.divided')}` : '';
      const was = typed[c.id] ?? {};
      return {
        characteristicId: c.id,
        heading: `${framework.characteristics.indexOf(c) + 1}. ${localised(w.language, c.title)}${tag}`,
        text: { label: label(w, 'actions.agree.text'), max: ACTION_TEXT_MAX, value: was.text ?? '', ...error(c.id, 'text') },
        owner: { label: label(w, 'actions.agree.owner'), selected: was.ownerId ?? '', ...error(c.id, 'owner') },
        due: { label: label(w, 'actions.agree.due'), hint: label(w, 'actions.agree.dueHint'), value: was.due ?? '', ...error(c.id, 'due') },
      };
    }),
    ...(problems.length ? { problem: label(w, 'refusal.invalidActions') } : {}),
  };
}
