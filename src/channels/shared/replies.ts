import { localesOf, type Locale } from '../../domain/text.js';
import type { ParseOutcome } from '../../i18n/commands.js';
import type { CommandResult, Refusal } from '../../services/results.js';
import { StoreError } from '../../store/store.js';
import { formatDate } from '../../i18n/dates.js';
import { actionLine, actionsParagraphs } from './actions-model.js';
import { progressText } from './round-model.js';
import { commandText, dateTime, duration, names, type Wording } from './wording.js';

/**
 * The words of every reply to a command, the same on Teams and Slack. Each locale's
 * paragraphs come in turn, Welsh first for `cy+en`. Summaries, round cards and forms have
 * their own models; this covers everything that is a few sentences.
 */
export function replyParagraphs(w: Wording, result: CommandResult, secretariat: { names: string } = { names: '' }): string[] {
  return localesOf(w.language).flatMap((l) => reply(w, l, result, secretariat.names));
}

function reply(w: Wording, l: Locale, result: CommandResult, secretariatNames: string): string[] {
  const t = (key: string, vars?: Record<string, string | number>) => w.t.t(l, key, vars);
  switch (result.kind) {
    case 'refused':
      return [refusal(w, l, result, secretariatNames)];
    case 'help':
      return help(w, l, result.secretariat);
    case 'started': {
      const started = t('result.started', { number: result.round.number, duration: duration(w, l, result.round.deadline - result.round.openedAt), deadline: dateTime(w, l, result.round.deadline) });
      return result.round.rosterUnknown ? [started, t('result.rosterUnknown')] : [started];
    }
    case 'closed':
      return [t('result.closed', { number: result.round.number })];
    case 'status': {
      if (!result.round) {
        const lines = [t('status.none'), scheduleLine(w, l, result.schedule)];
        if (result.nextReview !== undefined) lines.push(t('schedule.next', { date: dateTime(w, l, result.nextReview) }));
        return [...lines, ...overdueLines(w, l, result.overdue)];
      }
      const r = result.round;
      const lines = [r.closedAt === undefined ? t('status.open', { number: r.number, deadline: dateTime(w, l, r.deadline) }) : t('status.closed', { number: r.number, date: dateTime(w, l, r.closedAt) })];
      if (result.progress) {
        const [key, vars] = progressText(result.progress);
        lines.push(t(key, vars));
      }
      if (result.mine && r.closedAt === undefined) {
        const { saved, total } = result.mine;
        lines.push(saved === 0 ? t('status.mineNone') : saved >= total ? t('status.mineDone') : t('status.mine', { saved, total }));
      }
      lines.push(scheduleLine(w, l, result.schedule));
      if (result.nextReview !== undefined) lines.push(t('schedule.next', { date: dateTime(w, l, result.nextReview) }));
      return [...lines, ...overdueLines(w, l, result.overdue)];
    }
    case 'summary':
      return result.open ? [t('summary.openRound', { number: result.open.number })] : [];
    case 'schedule': {
      const lines = [result.schedule === null ? t(result.changed ? 'schedule.off' : 'schedule.none') : t(result.changed ? 'schedule.set' : 'schedule.current', { schedule: scheduleWords(w, l, result.schedule) })];
      if (result.nextReview !== undefined) lines.push(t('schedule.next', { date: dateTime(w, l, result.nextReview) }));
      return lines;
    }
    case 'language':
      return [t(result.changed ? 'language.set' : 'language.current', { language: t(`language.names.${result.language}`) })];
    case 'timeZone':
      return [t(result.changed ? 'timeZone.set' : 'timeZone.current', { zone: result.timeZone, now: dateTime({ ...w, timeZone: result.timeZone }, l, Date.now()) })];
    case 'secretariat': {
      if (result.added.length) return [t('secretariat.added', { names: names(result.added) })];
      if (result.removed.length) return [t('secretariat.removed', { names: names(result.removed) })];
      return [t('secretariat.list', { names: names(result.members) })];
    }
    case 'groups': {
      const list = result.groups.map((g) => g.label).join(', ');
      if (!result.groups.length) return [result.changed ? t('groups.off') : t('groups.none', { command: commandText(w, l, 'groups') })];
      return [t(result.changed ? 'groups.set' : 'groups.list', { groups: list })];
    }
    case 'exported':
      return [t('result.exported', { file: result.fileName })];
    case 'reported':
      return [t('result.reported', { file: result.fileName })];
    case 'history':
      // The chart and its text are the answer; the channel posts them.
      return [];
    case 'forgotten':
      return [t('result.forgotten', { count: result.rounds }), ...(result.open ? [t('result.forgottenOpen')] : [])];
    case 'duplicate':
      return [];
    case 'actions':
      return actionsParagraphs(w, l, result);
  }
}

/** For the secretariat's `status`: open actions past their due day. */
function overdueLines(w: Wording, l: Locale, overdue: Extract<CommandResult, { kind: 'status' }>['overdue']): string[] {
  if (!overdue?.length) return [];
  return [`${w.t.t(l, 'status.overdue', { count: overdue.length })}\n${overdue.map((a) => `• ${actionLine(w, l, a, undefined)}`).join('\n')}`];
}

function refusal(w: Wording, l: Locale, r: Refusal, secretariatNames: string): string {
  const t = (key: string, vars?: Record<string, string | number>) => w.t.t(l, key, vars);
  switch (r.reason) {
    case 'notSecretariat':
      return t('refusal.notSecretariat', { names: secretariatNames });
    case 'roundOpen':
      return t('refusal.roundOpen', { number: r.round.number, deadline: dateTime(w, l, r.round.deadline), command: commandText(w, l, 'close') });
    case 'noMentions':
      return t('refusal.noMentions', { example: `${commandText(w, l, 'secretariat')} ${t('words.add')} ${t('words.person')}` });
    case 'badGroups':
      return t(`refusal.badGroups.${r.detail}`);
    case 'badCron':
      return t('refusal.badCron', { example: '"30 9 1 * *"' });
    case 'unknownFramework':
      return t('refusal.unknownFramework', { id: r.frameworkId });
    case 'unknownAction':
      return t('refusal.unknownAction', { number: r.number, command: commandText(w, l, 'actions') });
    case 'notActionOwner':
      return t('refusal.notActionOwner', { number: r.number });
    case 'actionNotOpen':
      return t(`refusal.actionNotOpen.${r.status}`, { number: r.number });
    case 'badAction':
      return t(`refusal.badAction.${r.problem}`);
    case 'badCharacteristic':
      return t('refusal.badCharacteristic', { count: r.count });
    case 'noOwner':
      return t('refusal.noOwner', { example: `${commandText(w, l, 'actions')} ${t('words.add')} "…" ${t('words.owner')} ${t('words.person')}` });
    default:
      return t(`refusal.${r.reason}`);
  }
}

function help(w: Wording, l: Locale, secretariat: boolean): string[] {
  const line = (word: string, key = word) =>
    `• ${w.t.t(l, `help.commands.${key}`, { cmd: commandText(w, l, word), person: w.t.t(l, 'words.person') })}`;
  const everyone = [line('help'), line('status'), line('summary'), line('history'), line('groups'), line('forget')];
  const actions = commandText(w, l, 'actions');
  const word = (key: string) => w.t.t(l, `words.${key}`);
  const actionVars = {
    done: `${actions} ${word('done')} 3`,
    add: `${actions} ${word('add')} "…" ${word('for')} 4 ${word('owner')} ${word('person')} ${word('due')} ${formatDate(l, Date.UTC(2026, 3, 30, 12), 'UTC').replace(/ \d{4}$/, '')}`,
    drop: `${actions} ${word('drop')} 3`,
  };
  everyone.push(`• ${w.t.t(l, 'help.commands.actions', { cmd: actions, ...actionVars })}`);
  const organisers = [line('start'), line('close'), line('schedule'), line('language'), line('timezone'), line('secretariat'), line('groups', 'groupsSet'), line('export'), line('report'), `• ${w.t.t(l, 'help.commands.actionsAdd', actionVars)}`];
  const out = [`${w.t.t(l, 'help.title')}`, `${w.t.t(l, 'help.everyone')}\n${everyone.join('\n')}`];
  out.push(secretariat ? `${w.t.t(l, 'help.secretariatOnly')}\n${organisers.join('\n')}` : w.t.t(l, 'help.partnerNote'));
  return out;
}

function scheduleLine(w: Wording, l: Locale, schedule: Parameters<typeof scheduleWords>[2] | null): string {
  return schedule === null ? w.t.t(l, 'schedule.none') : w.t.t(l, 'schedule.current', { schedule: scheduleWords(w, l, schedule) });
}

/** "monthly" / "bob mis", or the cron expression. */
export function scheduleWords(w: Wording, l: Locale, schedule: { kind: string; expr?: string }): string {
  return schedule.kind === 'cron' ? w.t.t(l, 'schedule.cron', { expr: schedule.expr ?? '' }) : w.t.t(l, `schedule.${schedule.kind}`);
}

/** The answer to a command that could not be parsed: one line, never the whole help. */
export function parseErrorParagraphs(w: Wording, outcome: Extract<ParseOutcome, { ok: false }>): string[] {
  return localesOf(w.language).map((l) => {
    switch (outcome.error) {
      case 'unknown':
        return w.t.t(l, 'parse.unknown', { word: outcome.word, help: commandText(w, l, 'help') });
      case 'usage': {
        const known = ['start', 'schedule', 'language', 'timezone', 'secretariat', 'groups', 'forget', 'actions'];
        const key = known.includes(outcome.name) ? outcome.name : 'other';
        return w.t.t(l, `parse.usage.${key}`, { cmd: commandText(w, l, outcome.name), person: w.t.t(l, 'words.person') });
      }
      default:
        return w.t.t(l, `parse.${outcome.error}`);
    }
  });
}

/** The error codes a person may see when something fails, and which one an error is. */
export type ErrorCode = 'saveFailed' | 'storeUnavailable' | 'unexpected' | 'badRequest';

export function errorCode(error: unknown): ErrorCode {
  if (error instanceof StoreError) return error.kind === 'write' ? 'saveFailed' : 'storeUnavailable';
  return 'unexpected';
}

export function errorParagraphs(w: Wording, code: ErrorCode): string[] {
  return localesOf(w.language).map((l) => w.t.t(l, `errors.${code}`));
}
