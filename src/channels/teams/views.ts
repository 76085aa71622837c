import type { Partnership } from '../../domain/model.js';
import type { PageProblem } from '../../domain/round.js';
import { localesOf, type Language } from '../../domain/text.js';
import type { Translator } from '../../i18n/translator.js';
import type { FormState } from '../../services/results.js';
import type { RoundView } from '../../services/ports.js';
import { pageModel, reviewModel } from '../shared/form-model.js';
import { roundModel } from '../shared/round-model.js';
import { commandText, label, names, type Surface, type Wording } from '../shared/wording.js';
import { INPUT, VERB } from './actions.js';
import { GROUP_NONE, type Typed } from '../shared/submitted-page.js';
import { expandCard, type CardJson } from './cards.js';
import { plain } from './escape.js';
import { fitsTeams } from './summary-card.js';

/** On Teams a command is typed after a mention of the bot, in either language. */
export const TEAMS_SURFACE: Surface = { prefix: () => '@asesu ' };

export function wording(t: Translator, language: Language, timeZone: string): Wording {
  return { t, language, timeZone, surface: TEAMS_SURFACE };
}

/** The wording of a partnership's channel posts. */
export function channelWording(t: Translator, p: Partnership): Wording {
  return wording(t, p.settings.language, p.settings.timeZone);
}

/** The card posted once when asesu joins a conversation. */
export function welcomeCard(w: Wording, p: Partnership): CardJson {
  const founder = plain(names(p.secretariat.slice(0, 1)));
  return expandCard('welcome', {
    title: label(w, 'welcome.title'),
    paragraphs: localesOf(w.language).map((l) => ({
      body: w.t.t(l, 'welcome.body'),
      secretariat: founder
        ? w.t.t(l, 'welcome.secretariat', { name: founder, command: commandText(w, l, 'start') })
        : w.t.t(l, 'welcome.secretariatInstaller', { command: commandText(w, l, 'start') }),
      help: w.t.t(l, 'welcome.help', { command: commandText(w, l, 'help') }),
    })),
  });
}

/** The round card in the channel: progress as a count, never names; the Answer button while open. */
export function roundCard(w: Wording, view: RoundView): CardJson {
  const m = roundModel(w, view);
  return expandCard('round', {
    title: m.title,
    purpose: m.purpose,
    deadline: m.deadline,
    progress: m.progress,
    actions: m.actions,
    open: m.answer !== undefined,
    answer: m.answer ?? '',
    verb: VERB.answer,
    roundId: m.roundId,
    closed: m.closed !== undefined,
    closedWhen: m.closed?.when ?? '',
    closedNote: m.closed?.note ?? [],
  });
}


/** One page of the dialog, pre-filled with what the member saved (or just typed), problems marked. */
export function pageCard(w: Wording, form: FormState, index: number, problems: PageProblem[] = [], typed?: Typed, notice?: string): CardJson {
  const m = pageModel(w, form, index, problems, typed, notice);
  return expandCard('form-page', {
    ...m,
    ids: { group: INPUT.group, comment: INPUT.comment },
    verbs: VERB,
    required: label(w, 'form.problems.missing'),
    hasProblem: m.problem !== undefined,
    problem: m.problem ?? '',
    hasActions: m.actions !== undefined,
    actions: m.actions ? { heading: m.actions.heading, items: m.actions.items.map(plain) } : { heading: '', items: [] },
    hasBack: index > 0,
    back: label(w, 'teams.form.back'),
    statements: m.statements.map((s) => ({ inputId: `${INPUT.answerPrefix}${s.id}`, text: s.text, selected: s.selected ?? '', error: s.error ?? '' })),
    comment: { ...m.comment, value: m.comment.value ?? '', error: m.comment.error ?? '' },
    hasGroup: m.group !== undefined,
    group: m.group
      ? {
          label: m.group.label,
          choices: m.group.choices.map((c) => ({ title: c.value === '' ? c.label : plain(c.label), value: c.value === '' ? GROUP_NONE : c.value })),
          selected: m.group.selected === '' ? GROUP_NONE : m.group.selected,
          error: m.group.error ?? '',
        }
      : { label: '', choices: [], selected: GROUP_NONE, error: '' },
    choices: m.choices.map((c) => ({ title: c.label, value: c.value })),
  });
}

/** The card of the form where it stands: its page, or the review once every page is saved. */
export function formCard(w: Wording, form: FormState): CardJson {
  return form.at === 'review' ? reviewCard(w, form) : pageCard(w, form, form.at);
}

/**
 * The last page: the member's own answers, a way back to each section, and the confirmation.
 * A long framework with long comments is shown compactly (statements shortened, answers as
 * facts), so the page still fits one Teams response; the full text stays one Change away.
 */
export function reviewCard(w: Wording, form: FormState): CardJson {
  const m = reviewModel(w, form);
  const build = (statementMax: number, commentMax: number) =>
    expandCard('form-review', {
      ...m,
      compact: statementMax !== Infinity,
      verbs: VERB,
      group: m.group ? plain(m.group) : '',
      sections: m.sections.map((s) => ({
        ...s,
        answers: s.answers.map((a) => ({ ...a, statement: shorten(a.statement, statementMax) })),
        comment: plain(shorten(s.comment, commentMax)),
      })),
    });
  let card = build(Infinity, Infinity);
  for (const [statementMax, commentMax] of [[90, 160], [40, 60]] as const) {
    if (fitsTeams(JSON.stringify(card))) break;
    card = build(statementMax, commentMax);
  }
  return card;
}

/** Text cut at a word to about `max` characters, with an ellipsis. */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A short message inside the dialog: a refusal, an error. */
export function messageCard(title: string, paragraphs: string[]): CardJson {
  return expandCard('message', { title, paragraphs });
}
